using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Element-wise ops, broadcasting, and the ops that work along one dim and keep the shape.</summary>
internal static partial class Ops
{
    /// <summary>The input's shape, whatever the other arguments (relu, exp, dropout, to, clone).</summary>
    public static Value Same(OpCall c) => c.Self;

    /// <summary>The broadcast shape of the input and every tensor argument (add, where, lerp, clamp with tensor bounds).</summary>
    public static Value Broadcasting(OpCall c) => BroadcastAll(c);

    /// <summary>An in-place op (add_, clamp_): the operands must broadcast into the input, whose shape stays.</summary>
    public static Value BroadcastingInPlace(OpCall c)
    {
        foreach (var other in c.Args.Tensors())
        {
            BroadcastInto(c.Run, c.Op, other, c.Self, "the operand", c.At);
        }

        return c.Self;
    }

    /// <summary>where(condition, x, y) broadcasts all three; torch.where(condition) alone gives index tensors.</summary>
    public static Value Where(OpCall c) => c.Args.Tensors().Any() ? BroadcastAll(c) : Value.Unknown;

    /// <summary>softmax, cumsum, argsort, ...: the same shape, along a dim that must exist (the last one when it has a default).</summary>
    public static OpRule AlongDim(long? defaultDim = null) => c =>
    {
        var dim = c.Args.Get("dim") switch
        {
            null when defaultDim is not null => Dim.Of(defaultDim.Value),
            IntValue given => given.Dim,
            _ => null,
        };
        c.Axis(dim);
        return c.Self;
    };

    /// <summary>flip(dims), roll(shifts, dims): the same shape; each dim must exist.</summary>
    public static Value AlongDims(OpCall c)
    {
        foreach (var dim in Sizes(c.Args.Get("dims")) ?? new System.Collections.Generic.List<Dim?>())
        {
            c.Axis(dim);
        }

        return c.Self;
    }

    /// <summary>fliplr needs rank 2, flipud rank 1: the same shape.</summary>
    public static OpRule NeedsRank(int rank) => c =>
    {
        if (c.Shape is { } shape && shape.Rank < rank)
        {
            c.Fail($"needs a tensor of rank {rank} or more, but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        return c.Self;
    };

    /// <summary>glu(dim = -1): the dim halves, and must be even.</summary>
    public static Value Glu(OpCall c)
    {
        var axis = c.Axis(c.DimArg(-1, "dim"));
        if (c.Shape is null || axis is null)
        {
            return SameRank(c.Self);
        }

        var size = c.Shape.Dims[axis.Value];
        if (size.IsConstant && size.Constant % 2 != 0)
        {
            c.Fail($"halves dim {axis} of {c.Self}, which is odd ({size.Constant})");
            return TensorValue.AnyShape;
        }

        return new TensorValue(c.Shape.With(axis.Value, size.FloorDiv(2)));
    }

    /// <summary>prelu(weight): the same shape; the weight has one value, or one per channel (dim 1).</summary>
    public static Value Prelu(OpCall c)
    {
        if (c.Args.Find("weight", "target") is TensorValue { Shape: { Rank: 1 } weight } && c.Shape is { Rank: >= 2 } input
            && weight.Dims[0] is { IsConstant: true, Constant: not 1 } count && ProvablyDifferent(count, input.Dims[1]))
        {
            c.Fail($"has {count} weights, but the input {c.Self} has {input.Dims[1]} channels (dim 1); give one weight, or one per channel");
            return TensorValue.AnyShape;
        }

        return c.Self;
    }
}
