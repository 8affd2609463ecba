using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// CosineSimilarity(Dim = 1) of two tensors: a block of its own taking both,
/// <c>[CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);</c>. The two shapes
/// broadcast; the output is their broadcast shape without Dim.
/// </summary>
internal sealed class CosineSimilarityRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "CosineSimilarity";

    public override bool TakesBlockArguments => true;

    public override LayerResult Apply(LayerContext c)
    {
        var dim = c.Int("Dim", 1);
        var eps = c.Real("Eps", 1e-8);
        if (c.ExtraInputs.Count != 1 || !c.OnlyLayer)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.Spec.Location, Kind, "the block",
                "compares two tensors: give it a block of its own with two Tensor parameters, e.g. [CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);");
            return LayerResult.Failed;
        }

        var other = c.ExtraInputs[0];
        var shape = other is null ? new Shape(c.Input.Dims.Select(_ => Dim.Unknown)) : Broadcast(c, c.Input, other);
        if (shape is null)
        {
            return LayerResult.Failed;
        }

        if (dim < -shape.Rank || dim >= shape.Rank)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Dim"), Kind, "Dim", $"= {dim} is not a dim of its inputs' shape {shape}");
            return LayerResult.Failed;
        }

        var axis = (int)(dim < 0 ? dim + shape.Rank : dim);
        var output = new Shape(shape.Dims.Where((_, i) => i != axis));
        var construction = Factory(new Arguments().Named("dim", dim, 1).Named("eps", eps, 1e-8).ToString());
        return new LayerResult(output, construction, Dim.Of(0));
    }

    /// <summary>PyTorch's broadcasting from the right; a provable conflict is SS0007 at the call.</summary>
    private static Shape? Broadcast(LayerContext c, Shape a, Shape b)
    {
        var rank = System.Math.Max(a.Rank, b.Rank);
        var dims = new Dim[rank];
        for (var i = 1; i <= rank; i++)
        {
            var x = i <= a.Rank ? a.At(-i) : Dim.Of(1);
            var y = i <= b.Rank ? b.At(-i) : Dim.Of(1);
            if (x.IsConstant && x.Constant == 1)
            {
                dims[rank - i] = y;
            }
            else if (y.IsConstant && y.Constant == 1 || x.Equals(y))
            {
                dims[rank - i] = x;
            }
            else if (x.IsConstant && y.IsConstant)
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.Spec.Location, c.Kind, "the inputs", $"{a} and {b} do not broadcast (dim -{i}: {x} and {y})");
                return null;
            }
            else
            {
                dims[rank - i] = Dim.Unknown;
            }
        }

        return new Shape(dims);
    }
}
