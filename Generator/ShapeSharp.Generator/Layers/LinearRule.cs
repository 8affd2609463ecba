using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;

namespace ShapeSharp.Generator.Layers;

/// <summary>Linear on the last dim of any rank: [*, in] -> [*, out].</summary>
internal sealed class LinearRule : LayerRule
{
    public override string Kind => "Linear";

    public override LayerResult Apply(LayerContext c)
    {
        var output = c.Size("outFeatures");
        var input = c.InputSize(-1, "its input feature count");
        var bias = c.Bool("Bias", true);

        if (c.Input.Rank > 2 && c.PreviousSpatialKind is { } previous)
        {
            c.Report(DiagnosticDescriptors.MissingFlatten, c.Spec.Location, Kind, c.Input.ToString(), previous);
        }

        var construction = Factory(new Arguments().Add(c.Code(input)).Add(c.Code(output)).Named("hasBias", bias, true).ToString());
        var parameters = input * output + (bias ? output : Shapes.Dim.Of(0));
        return new LayerResult(c.Input.With(-1, output), construction, parameters, c.Input.NoteAt(-1));
    }
}
