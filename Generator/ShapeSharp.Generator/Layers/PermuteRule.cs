using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Permute(dims...): a permutation of every dim, batch included.</summary>
internal sealed class PermuteRule : LayerRule
{
    public override string Kind => "Permute";

    public override string FieldType => "global::ShapeSharp.Modules.Permute";

    public override LayerResult Apply(LayerContext c)
    {
        var order = c.Ints("dims");
        var rank = c.Input.Rank;
        if (order.Length != rank)
        {
            c.ReportInput(DiagnosticDescriptors.RankMismatch, c.LocationOf("dims"), Kind, $"{order.Length} (one entry per dim)", c.Input.ToString(), rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return LayerResult.Failed;
        }

        var normalized = order.Select(d => d < 0 ? d + rank : d).ToArray();
        if (normalized.Any(d => d < 0 || d >= rank) || normalized.Distinct().Count() != rank)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("dims"), Kind, "dims", $"must be a permutation of 0..{rank - 1}");
            return LayerResult.Failed;
        }

        var output = new Shape(normalized.Select(d => c.Input[(int)d]));
        var construction = "new global::ShapeSharp.Modules.Permute(" + string.Join(", ", order.Select(LayerContext.Literal)) + ")";
        return new LayerResult(output, construction, Dim.Of(0));
    }
}
