using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Flatten(StartDim = 1, EndDim = -1): the dims in between become their product.</summary>
internal sealed class FlattenRule : LayerRule
{
    public override string Kind => "Flatten";

    public override LayerResult Apply(LayerContext c)
    {
        var rank = c.Input.Rank;
        var start = Normalize(c, "StartDim", c.Int("StartDim", 1, long.MinValue), rank);
        var end = Normalize(c, "EndDim", c.Int("EndDim", -1, long.MinValue), rank);
        if (start is null || end is null)
        {
            return LayerResult.Failed;
        }

        if (start > end)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("EndDim"), Kind, "EndDim", $"must not come before StartDim in {c.Input}");
            return LayerResult.Failed;
        }

        var merged = c.Input.Dims.Skip(start.Value).Take(end.Value - start.Value + 1).ToList();
        var product = merged.Aggregate(Dim.Of(1), (acc, d) => acc * d);
        var dims = c.Input.Dims.Take(start.Value).Append(product).Concat(c.Input.Dims.Skip(end.Value + 1));
        var note = merged.Count > 1 && !product.IsUnknown ? string.Join(" * ", merged.Select(Factor)) : null;
        var output = new Shape(dims).With(start.Value, product, note);
        var construction = Factory(new Arguments().Named("start_dim", c.Int("StartDim", 1), 1).Named("end_dim", c.Int("EndDim", -1), -1).ToString());
        return new LayerResult(output, construction, Dim.Of(0));
    }

    private static string Factor(Dim dim) => dim.ToString().IndexOf(' ') < 0 ? dim.ToString() : "(" + dim + ")";

    private static int? Normalize(LayerContext c, string name, long dim, int rank)
    {
        if (dim < -rank || dim >= rank)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf(name), "Flatten", name, $"= {dim} is not a dim of the input {c.Input} (rank {rank})");
            return null;
        }

        return (int)(dim < 0 ? rank + dim : dim);
    }
}
