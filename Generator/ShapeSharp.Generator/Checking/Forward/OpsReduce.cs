using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Reductions over dims, and the ops that give values with their indices (max(d), topk, sort, ...).</summary>
internal static partial class Ops
{
    /// <summary>The reduced dims: one dim, a list, or sum's dim0/dim1/dim2 overload; null when none is given.</summary>
    private static Value? ReducedDims(Arguments args)
    {
        if (args.Get("dim0") is { } first)
        {
            return new TupleValue(new[] { first, args.Get("dim1"), args.Get("dim2") }.Where(v => v is not null).Select(v => v!).ToList());
        }

        return args.Find("dim", "dims", "dimensions", "dimension");
    }

    /// <summary>mean, sum, std, amax, ...: the named dims go (or become 1 with keepdim); no dims is a scalar.</summary>
    public static Value Reduce(OpCall c) => Reduce(c, ReducedDims(c.Args));

    private static TensorValue Reduce(OpCall c, Value? dims)
    {
        if (c.Shape is null)
        {
            return c.Self;
        }

        if (dims is null)
        {
            return Of();
        }

        var sizes = Sizes(dims);
        if (sizes is null || sizes.Any(s => s is not { IsConstant: true }))
        {
            return TensorValue.AnyShape;
        }

        var axes = new HashSet<int>();
        foreach (var size in sizes)
        {
            var axis = c.Axis(size);
            if (axis is null)
            {
                return TensorValue.AnyShape;
            }

            axes.Add(axis.Value);
        }

        switch (c.Args.Get("keepdim"))
        {
            case null:
            case BoolValue { Value: false }:
                return Of(c.Shape.Dims.Where((_, i) => !axes.Contains(i)));
            case BoolValue { Value: true }:
                return Of(c.Shape.Dims.Select((d, i) => axes.Contains(i) ? Dim.Of(1) : d));
            default:
                return TensorValue.AnyShape;
        }
    }

    /// <summary>median(), nanmedian(): TorchSharp has only the whole-tensor form, a scalar.</summary>
    public static Value WholeTensor(OpCall c) => c.Args.Count == 0 ? Of() : TensorValue.AnyShape;

    /// <summary>The same shape twice: (values, indices) of an op that keeps every element (sort, cummax).</summary>
    private static TupleValue Pair(TensorValue value) => new(new Value[] { value, value });

    /// <summary>max/min: against another tensor broadcasts; over a dim gives (values, indexes); alone a scalar.</summary>
    public static Value MaxMin(OpCall c)
    {
        if (c.Args.Has("other"))
        {
            return BroadcastAll(c);
        }

        return c.Args.Get("dim") is { } dim ? Pair(Reduce(c, dim)) : Of();
    }

    /// <summary>aminmax, std_mean, var_mean: two reductions over the same dims.</summary>
    public static Value ReducedPair(OpCall c) => Pair(Reduce(c, ReducedDims(c.Args)));

    /// <summary>The dim of sort/topk/mode/kthvalue: the last one unless given; null when it is not an integer.</summary>
    private static Dim? DimOrLast(OpCall c) => c.Args.Get("dim") switch
    {
        null => Dim.Of(-1),
        IntValue given => given.Dim,
        _ => null,
    };

    /// <summary>sort, cummax, cummin: (values, indices) of the input's shape, along a dim that must exist.</summary>
    public static Value SortLike(OpCall c)
    {
        c.Axis(DimOrLast(c));
        return Pair(c.Self);
    }

    /// <summary>mode(d), kthvalue(k, d): (values, indices) with the dim reduced.</summary>
    public static Value ReducedAlong(OpCall c)
    {
        var axis = c.Axis(DimOrLast(c));
        if (c.Shape is null || axis is null)
        {
            return Pair(TensorValue.AnyShape);
        }

        if (c.Args.Constant("k") is { } k && c.Shape.Dims[axis.Value] is { IsConstant: true } size && (k < 1 || k > size.Constant))
        {
            c.Fail($"k = {k} is out of range for dim {axis} of {c.Self} (1 to {size.Constant})");
            return Value.Unknown;
        }

        return Pair(Reduce(c, new IntValue(Dim.Of(axis.Value))));
    }

    /// <summary>topk(k, d): (values, indexes) with the dim cut to k, which must fit.</summary>
    public static Value TopK(OpCall c)
    {
        var k = c.Args.Int("k");
        var axis = c.Axis(DimOrLast(c));
        if (c.Shape is null || axis is null || k is null)
        {
            return Pair(SameRank(c.Self));
        }

        var size = c.Shape.Dims[axis.Value];
        if (k.IsConstant && size.IsConstant && k.Constant > size.Constant)
        {
            c.Fail($"k = {k.Constant} is more than dim {axis} of {c.Self} holds ({size.Constant})");
            return Value.Unknown;
        }

        return Pair(new TensorValue(c.Shape.With(axis.Value, k)));
    }
}
