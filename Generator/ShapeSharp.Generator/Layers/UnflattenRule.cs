using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Unflatten(dim, sizes...): dim becomes the given sizes, whose product must be its size; one -1 is inferred.</summary>
internal sealed class UnflattenRule : LayerRule
{
    public override string Kind => "Unflatten";

    public override LayerResult Apply(LayerContext c)
    {
        var rank = c.Input.Rank;
        var dim = c.Int("dim", 1);
        var sizes = c.Ints("sizes");
        if (dim < -rank || dim >= rank)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("dim"), Kind, "dim", $"= {dim} is not a dim of the input {c.Input} (rank {rank})");
            return LayerResult.Failed;
        }

        if (sizes.Length == 0 || sizes.Any(d => d == 0 || d < -1) || sizes.Count(d => d == -1) > 1)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("sizes"), Kind, "sizes", "must be positive sizes with at most one -1");
            return LayerResult.Failed;
        }

        var axis = (int)(dim < 0 ? dim + rank : dim);
        var size = c.Input[axis];
        var known = sizes.Where(d => d > 0).Aggregate(1L, (acc, d) => checked(acc * d));
        var dims = sizes.Select(d => Dim.Of(d)).ToArray();
        var inferred = System.Array.IndexOf(sizes, -1L);
        if (inferred >= 0)
        {
            if (size.IsConstant && size.Constant % known != 0)
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("sizes"), Kind, "sizes",
                    $"need dim {dim} of the input {c.Input} to be a multiple of {known}, but it is {size}");
                return LayerResult.Failed;
            }

            dims[inferred] = size.FloorDiv(known);
        }
        else if (Dim.ProvablyDifferent(size, Dim.Of(known)))
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("sizes"), Kind, "sizes",
                $"multiply to {known}, but dim {dim} of the input {c.Input} is {size}");
            return LayerResult.Failed;
        }

        var output = new Shape(c.Input.Dims.Take(axis).Concat(dims).Concat(c.Input.Dims.Skip(axis + 1)));
        var construction = Factory(LayerContext.Literal(dim) + ", new long[] { " + string.Join(", ", sizes.Select(LayerContext.Literal)) + " }");
        return new LayerResult(output, construction, Dim.Of(0));
    }
}
