using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Linear on the last dim of any rank: [*, in] -> [*, out].</summary>
internal sealed class LinearRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Low;

    public override string Kind => "Linear";

    public override LayerResult Apply(LayerContext c)
    {
        var output = c.Size("outFeatures");
        var input = c.InputSize(-1, "its input feature count");
        var bias = c.Bool("Bias", true);

        if (c.Input.Rank > 2 && c.PreviousSpatialKind is { } previous)
        {
            var missing = DiagnosticInfo.Create(DiagnosticDescriptors.MissingFlatten, c.Spec.Location, Kind, c.Input.ToString(), previous);
            if (c.PreviousFromCall)
            {
                c.ReportInput(missing);
            }
            else
            {
                c.Report(missing);
            }
        }

        var construction = Factory(new Arguments().Add(c.Code(input)).Add(c.Code(output)).Named("hasBias", bias, true).ToString());
        // A tied weight belongs to the block it is tied to: counted there, once (WeightTies checks the pair).
        var weight = c.Has(WeightTies.Argument) ? Dim.Of(0) : input * output;
        var parameters = weight + (bias ? output : Dim.Of(0));
        // On [B, T, in] TorchSharp's Linear multiplies and adds the bias apart; FusedLinear folds the rows into one addmm.
        var through = bias && c.Input.Rank > 2 ? "global::ShapeSharp.Modules.FusedLinear.Forward" : null;
        return new LayerResult(c.Input.With(-1, output), construction, parameters, c.Input.NoteAt(-1), Weight: new Shape(new[] { output, input }), Through: through);
    }
}
