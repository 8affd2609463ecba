using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Indexing and gathering: x[...], select, narrow, gather, index_select, masks, one_hot.</summary>
internal static partial class Ops
{
    public static Value Index(Interpreter run, Value target, IReadOnlyList<Value> indices, LocationInfo at)
    {
        if (target is TupleValue tuple)
        {
            // Arrays (x.shape, chunk's pieces, new[] { ... }): C# does not count from the end. A
            // negative constant always throws, and the compiler says so (CS0251); one too large is ours.
            if (indices.Count == 1 && indices[0] is IntValue { Dim: { IsConstant: true } position })
            {
                if (position.Constant < 0)
                {
                    return Value.Unknown;
                }

                if (position.Constant >= tuple.Items.Count)
                {
                    run.Fail(at, "index", $"[{position.Constant}] is out of range for an array of {tuple.Items.Count}");
                    return Value.Unknown;
                }

                return tuple.Items[(int)position.Constant];
            }

            if (indices.Count == 1 && indices[0] is IndexValue { Kind: IndexKind.FromEnd, Start: IntValue { Dim: { IsConstant: true } fromEnd } }
                && fromEnd.Constant >= 1 && fromEnd.Constant <= tuple.Items.Count)
            {
                return tuple.Items[(int)(tuple.Items.Count - fromEnd.Constant)];
            }

            return tuple.Items.Count == 0 ? Value.Unknown : tuple.Items.Aggregate(Value.Join);
        }

        if (target is ListValue list)
        {
            // Every element has what the list's elements have in common.
            return list.Element ?? Value.Unknown;
        }

        if (target is not TensorValue { Shape: { } shape })
        {
            return target is TensorValue ? TensorValue.AnyShape : Value.Unknown;
        }

        var consuming = indices.Count(i => i is not IndexValue { Kind: IndexKind.Ellipsis or IndexKind.NewAxis });
        if (indices.Any(i => i is TensorValue or IndexValue { Kind: IndexKind.Opaque } || i == Value.Unknown))
        {
            return TensorValue.AnyShape;
        }

        if (consuming > shape.Rank)
        {
            run.Fail(at, "index", $"{consuming} indices for {target} of rank {shape.Rank}");
            return TensorValue.AnyShape;
        }

        var result = new List<Dim>();
        var axis = 0;
        foreach (var index in indices)
        {
            switch (index)
            {
                case IndexValue { Kind: IndexKind.Ellipsis }:
                    // The ellipsis stands for every dim the indices after it do not consume.
                    var take = shape.Rank - axis - (consuming - ConsumedSoFar(indices, index));
                    result.AddRange(shape.Dims.Skip(axis).Take(take));
                    axis += take;
                    break;
                case IndexValue { Kind: IndexKind.NewAxis }:
                    result.Add(Dim.Of(1));
                    break;
                case IndexValue { Kind: IndexKind.Slice } slice:
                    result.Add(SliceLength(shape.Dims[axis], slice.Start, slice.End));
                    axis++;
                    break;
                case IntValue { Dim: { IsConstant: true } constant } when shape.Dims[axis].IsConstant
                    && (constant.Constant >= shape.Dims[axis].Constant || constant.Constant < -shape.Dims[axis].Constant):
                    run.Fail(at, "index", $"index {constant.Constant} is out of range for dim {axis} of {target}");
                    return TensorValue.AnyShape;
                default:
                    axis++;
                    break;
            }
        }

        result.AddRange(shape.Dims.Skip(axis));
        return new TensorValue(new Shape(result));
    }

    private static int ConsumedSoFar(IReadOnlyList<Value> indices, Value upTo)
    {
        var count = 0;
        foreach (var index in indices)
        {
            if (ReferenceEquals(index, upTo))
            {
                break;
            }

            if (index is not IndexValue { Kind: IndexKind.Ellipsis or IndexKind.NewAxis })
            {
                count++;
            }
        }

        return count;
    }

    private static Dim SliceLength(Dim size, Value? start, Value? end)
    {
        var from = Position(size, start, Dim.Of(0));
        var to = Position(size, end, size);
        if (from is null || to is null)
        {
            return Dim.Unknown;
        }

        var length = to - from;
        if (size.IsConstant && length.IsConstant)
        {
            return Dim.Of(System.Math.Max(0, System.Math.Min(length.Constant, size.Constant)));
        }

        return length;
    }

    private static Dim? Position(Dim size, Value? value, Dim fallback) => value switch
    {
        null => fallback,
        IntValue { Dim: { IsConstant: true, Constant: < 0 } negative } => size + negative,
        IntValue n => n.Dim,
        IndexValue { Kind: IndexKind.FromEnd, Start: IntValue n } => size - n.Dim,
        _ => null,
    };

    /// <summary>x.index(indices): the same as x[indices].</summary>
    public static Value IndexMethod(OpCall c) =>
        Index(c.Run, c.Self, (c.Args.Get("indices") as TupleValue)?.Items ?? new List<Value> { Value.Unknown }, c.At);

    public static Value Select(OpCall c)
    {
        var axis = c.Axis(c.Args.Int("dim"));
        return c.Shape is null || axis is null ? TensorValue.AnyShape : Remove(c.Shape, axis.Value);
    }

    /// <summary>narrow(dim, start, length): the dim becomes length.</summary>
    public static Value Narrow(OpCall c) => Replace(c, c.Args.Int("dim"), c.Args.Int("length") ?? Dim.Unknown);

    /// <summary>slice(dim, start, finish, step): the dim's length is what the range covers.</summary>
    public static Value Slice(OpCall c)
    {
        var axis = c.Axis(c.Args.Int("dim"));
        if (c.Shape is null || axis is null)
        {
            return SameRank(c.Self);
        }

        var size = c.Shape.Dims[axis.Value];
        var step = c.Args.Constant("step");
        var length = step == 1 ? SliceLength(size, c.Args.Get("start"), c.Args.Get("finish")) : Dim.Unknown;
        return new TensorValue(c.Shape.With(axis.Value, length));
    }

    private static TensorValue Replace(OpCall c, Dim? dim, Dim size)
    {
        var axis = c.Axis(dim);
        if (c.Shape is null)
        {
            return c.Self;
        }

        return axis is null ? SameRank(c.Self) : new TensorValue(c.Shape.With(axis.Value, size));
    }

    /// <summary>
    /// gather(dim, index): the index's shape. PyTorch needs the same rank, and the index no larger
    /// than the input in the other dims.
    /// </summary>
    public static Value Gather(OpCall c)
    {
        var index = c.Args.Tensor("index");
        var axis = c.Axis(c.Args.Int("dim"));
        if (index?.Shape is not { } indices || c.Shape is null)
        {
            return index ?? TensorValue.AnyShape;
        }

        if (indices.Rank != c.Shape.Rank)
        {
            c.Fail($"the index {index} has rank {indices.Rank}, but the input {c.Self} has rank {c.Shape.Rank}; they must be equal");
            return TensorValue.AnyShape;
        }

        for (var i = 0; i < indices.Rank; i++)
        {
            if (i != axis && indices.Dims[i].IsConstant && c.Shape.Dims[i].IsConstant && indices.Dims[i].Constant > c.Shape.Dims[i].Constant)
            {
                c.Fail($"the index {index} is larger than the input {c.Self} in dim {i}, which is not the gathered dim");
                return TensorValue.AnyShape;
            }
        }

        return index;
    }

    /// <summary>index_select(dim, index): the dim becomes the length of the index, a vector.</summary>
    public static Value IndexSelect(OpCall c)
    {
        var index = c.Args.Tensor("index");
        if (index?.Shape is { Rank: > 1 } matrix)
        {
            c.Fail($"the index must be a vector, but is {index} (rank {matrix.Rank})");
            return TensorValue.AnyShape;
        }

        var length = index?.Shape switch
        {
            { Rank: 1 } vector => vector.Dims[0],
            { Rank: 0 } => Dim.Of(1),
            _ => Dim.Unknown,
        };
        return Replace(c, c.Args.Int("dim"), length);
    }

    /// <summary>take_along_dim(indices, dim): the indices' size along the dim, the broadcast of both elsewhere.</summary>
    public static Value TakeAlongDim(OpCall c)
    {
        var indices = c.Args.Tensor("indices");
        var axis = c.Axis(c.Args.Int("dim"));
        if (indices?.Shape is not { } shape || c.Shape is null || axis is null || shape.Rank != c.Shape.Rank)
        {
            return TensorValue.AnyShape;
        }

        var rest = Broadcast(c.Run, c.Op, new TensorValue(c.Shape.With(axis.Value, Dim.Of(1))), new TensorValue(shape.With(axis.Value, Dim.Of(1))), c.At);
        return rest.Shape is null ? TensorValue.AnyShape : new TensorValue(rest.Shape.With(axis.Value, shape.Dims[axis.Value]));
    }

    /// <summary>take(index): the input read as a vector, at the index's shape.</summary>
    public static Value Take(OpCall c) => c.Args.Tensor("index") ?? TensorValue.AnyShape;

    /// <summary>masked_select: as many elements as the mask selects, unknown here.</summary>
    public static Value MaskedSelect(OpCall c)
    {
        if (c.Args.Tensor("mask") is { } mask)
        {
            Broadcast(c.Run, c.Op, c.Self, mask, c.At);
        }

        return Of(Dim.Unknown);
    }

    /// <summary>nonzero, argwhere: one row per nonzero element, one column per dim.</summary>
    public static Value NonZero(OpCall c) => c.Shape is null ? TensorValue.AnyShape : Of(Dim.Unknown, Dim.Of(c.Shape.Rank));

    /// <summary>masked_fill, masked_scatter: the input's shape; the mask must broadcast to it.</summary>
    public static Value MaskedFill(OpCall c)
    {
        if (c.Args.Tensor("mask") is { } mask)
        {
            BroadcastInto(c.Run, c.Op, mask, c.Self, "the mask", c.At);
        }

        return c.Self;
    }

    /// <summary>tril, triu: the same shape, of a tensor of rank 2 or more.</summary>
    public static Value Triangle(OpCall c)
    {
        if (c.Shape is { Rank: < 2 })
        {
            c.Fail($"needs a tensor of rank 2 or more, but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        return c.Self;
    }

    /// <summary>one_hot(x, num_classes): one more dim, known when num_classes is a constant.</summary>
    public static Value OneHot(OpCall c)
    {
        if (c.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        var classes = c.Args.Int("num_classes") is { } n && !(n.IsConstant && n.Constant < 0) ? n : Dim.Unknown;
        return Of(c.Shape.Dims.Concat(new[] { classes }));
    }

    public static Value Ellipsis(OpCall c) => IndexValue.Ellipsis;

    public static Value NewAxis(OpCall c) => IndexValue.NewAxis;

    public static Value Colon(OpCall c) => new IndexValue(IndexKind.Slice, null, null);

    /// <summary>TensorIndex.Slice(start, stop), (start, stop) or a Range; a step other than 1 is not modelled.</summary>
    public static Value SliceIndex(OpCall c)
    {
        if (c.Args.Get("step") is { } step && !(step is IntValue { Dim: { IsConstant: true, Constant: 1 } }))
        {
            return new IndexValue(IndexKind.Opaque, null, null);
        }

        return c.Args.Get("range") switch
        {
            null => new IndexValue(IndexKind.Slice, c.Args.Get("start"), c.Args.Get("stop")),
            TupleValue { Items.Count: 2 } pair => new IndexValue(IndexKind.Slice, pair.Items[0], pair.Items[1]),
            IndexValue range => range,
            _ => new IndexValue(IndexKind.Opaque, null, null),
        };
    }

    /// <summary>TensorIndex.Tensor, TensorIndex.Bool: an index the checker does not follow.</summary>
    public static Value OpaqueIndex(OpCall c) => new IndexValue(IndexKind.Opaque, null, null);

    public static Value SingleIndex(OpCall c) => c.Args.Get("index") ?? Value.Unknown;
}
