using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Reshaping and reordering: view, transpose, permute, squeeze, flatten, expand, repeat, ...</summary>
internal static partial class Ops
{
    public static Value ShapeTuple(OpCall c) =>
        c.Shape is null ? Value.Unknown : new TupleValue(c.Shape.Dims.Select(d => (Value)new IntValue(d)).ToList());

    /// <summary>x.size() is the shape, x.size(d) one dim.</summary>
    public static Value Size(OpCall c)
    {
        if (c.Args.Count == 0)
        {
            return ShapeTuple(c);
        }

        var axis = c.Axis(c.Args.Int("dim"));
        return axis is null ? new IntValue(Dim.Unknown) : new IntValue(c.Shape!.Dims[axis.Value]);
    }

    public static Value Rank(OpCall c) => c.Shape is null ? Value.Unknown : new IntValue(Dim.Of(c.Shape.Rank));

    public static Value Numel(OpCall c) => c.Shape is null ? Value.Unknown : new IntValue(Product(c.Shape.Dims));

    public static Value Reshape(OpCall c) => Reshape(c, c.Self, c.Args.Find("shape", "size"));

    private static TensorValue Reshape(OpCall c, TensorValue self, Value? shapeArgument)
    {
        var sizes = Sizes(shapeArgument);
        if (sizes is null)
        {
            return TensorValue.AnyShape;
        }

        var inferred = sizes.FindIndex(s => s is { IsConstant: true, Constant: -1 });
        if (sizes.Count(s => s is { IsConstant: true, Constant: -1 }) > 1)
        {
            c.Fail("only one dim can be -1");
            return TensorValue.AnyShape;
        }

        var dims = sizes.Select(s => s ?? Dim.Unknown).ToArray();
        if (self.Shape is null)
        {
            if (inferred >= 0)
            {
                dims[inferred] = Dim.Unknown;
            }

            return Of(dims);
        }

        var total = Product(self.Shape.Dims);
        var known = Product(dims.Where((_, i) => i != inferred));
        if (inferred >= 0)
        {
            var rest = total.DivideExact(known);
            if (rest.IsUnknown && total.IsConstant && known is { IsConstant: true, Constant: > 0 } && total.Constant % known.Constant != 0)
            {
                c.Fail($"{self} has {total.Constant} elements, which {Text(dims, inferred)} cannot hold: {total.Constant} is not a multiple of {known.Constant}");
                return TensorValue.AnyShape;
            }

            // The -1 takes the free dims (the batch) with it: the known sizes must divide the count for
            // every value of them, so all of them at 1 is a witness (LeNet's view(-1, 400) on 256 * B).
            if (rest.IsUnknown && total.HasFreeSymbols && !known.HasFreeSymbols && known is { IsConstant: true, Constant: > 0 }
                && total.AtFree(1) is { } atOne && atOne % known.Constant != 0)
            {
                var free = string.Join(", ", total.FreeSymbols);
                c.Fail($"{self} has {total} elements, which {Text(dims, inferred)} cannot hold for every {free}: with {string.Join(", ", total.FreeSymbols.Select(f => f + " = 1"))}, {atOne} is not a multiple of {known.Constant}");
                return TensorValue.AnyShape;
            }

            dims[inferred] = rest;
        }
        else if (ProvablyDifferent(total, known) || total.IsConstant && known.IsConstant && total.Constant != known.Constant)
        {
            c.Fail($"{self} has {total} elements, but [{string.Join(", ", dims.Select(d => d.ToString()))}] has {known}");
            return TensorValue.AnyShape;
        }

        return Of(dims);
    }

    private static string Text(Dim[] dims, int inferred) =>
        "[" + string.Join(", ", dims.Select((d, i) => i == inferred ? "-1" : d.ToString())) + "]";

    /// <summary>view_as, reshape_as, expand_as: the other tensor's shape.</summary>
    public static Value AsOther(OpCall c) => c.Args.Find("other", "tensor") as TensorValue ?? TensorValue.AnyShape;

    public static Value Transpose(OpCall c) =>
        Transpose(c, c.Args.IntOf("dim0", "axis0"), c.Args.IntOf("dim1", "axis1"));

    private static TensorValue Transpose(OpCall c, Dim? dim0, Dim? dim1)
    {
        var a = c.Axis(dim0);
        var b = c.Axis(dim1);
        if (c.Shape is null)
        {
            return c.Self;
        }

        if (a is null || b is null)
        {
            return SameRank(c.Self);
        }

        var dims = c.Shape.Dims.ToArray();
        (dims[a.Value], dims[b.Value]) = (dims[b.Value], dims[a.Value]);
        return Of(dims);
    }

    /// <summary>t() swaps a matrix's dims and leaves a vector as it is (PyTorch refuses rank &gt; 2).</summary>
    public static Value T(OpCall c)
    {
        if (c.Shape is { Rank: > 2 })
        {
            c.Fail($"expects a tensor of rank 2 or less, but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        return c.Shape is { Rank: 2 } ? Of(c.Shape.Dims[1], c.Shape.Dims[0]) : c.Self;
    }

    /// <summary>The .T property: every dim reversed.</summary>
    public static Value Reversed(OpCall c) => c.Shape is null ? c.Self : Of(c.Shape.Dims.Reverse());

    /// <summary>.mT / .mH: the last two dims swapped.</summary>
    public static Value MatrixTranspose(OpCall c)
    {
        if (c.Shape is { Rank: < 2 })
        {
            c.Fail($"needs a tensor of rank 2 or more, but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        return Transpose(c, Dim.Of(-2), Dim.Of(-1));
    }

    public static Value Permute(OpCall c)
    {
        var sizes = Sizes(c.Args.Find("permutation", "dims"));
        if (c.Shape is null || sizes is null || sizes.Any(s => s is not { IsConstant: true }))
        {
            return TensorValue.AnyShape;
        }

        if (sizes.Count != c.Shape.Rank)
        {
            c.Fail($"gives {sizes.Count} dims for {c.Self} of rank {c.Shape.Rank}");
            return TensorValue.AnyShape;
        }

        var axes = sizes.Select(s => (int)(s!.Constant < 0 ? s.Constant + c.Shape.Rank : s.Constant)).ToList();
        if (axes.Any(a => a < 0 || a >= c.Shape.Rank) || axes.Distinct().Count() != axes.Count)
        {
            c.Fail($"({string.Join(", ", sizes)}) is not a permutation of the dims of {c.Self}");
            return TensorValue.AnyShape;
        }

        return Of(axes.Select(a => c.Shape.Dims[a]));
    }

    /// <summary>movedim(source, destination): the moved dims land where asked, the others keep their order.</summary>
    public static Value MoveDim(OpCall c)
    {
        var source = Sizes(c.Args.Get("source"));
        var destination = Sizes(c.Args.Get("destination"));
        if (c.Shape is null || source is null || destination is null || source.Count != destination.Count)
        {
            return SameRank(c.Self);
        }

        var from = source.Select(s => c.Axis(s)).ToList();
        var to = destination.Select(d => c.Axis(d)).ToList();
        if (from.Any(a => a is null) || to.Any(a => a is null)
            || from.Distinct().Count() != from.Count || to.Distinct().Count() != to.Count)
        {
            return SameRank(c.Self);
        }

        var dims = new Dim?[c.Shape.Rank];
        for (var i = 0; i < from.Count; i++)
        {
            dims[to[i]!.Value] = c.Shape.Dims[from[i]!.Value];
        }

        var rest = new Queue<Dim>(c.Shape.Dims.Where((_, i) => !from.Contains(i)));
        return Of(dims.Select(d => d ?? rest.Dequeue()));
    }

    public static Value Unsqueeze(OpCall c)
    {
        var axis = c.Axis(c.Args.Int("dim"), extra: 1);
        if (c.Shape is null || axis is null)
        {
            return TensorValue.AnyShape;
        }

        var dims = c.Shape.Dims.ToList();
        dims.Insert(axis.Value, Dim.Of(1));
        return Of(dims);
    }

    public static Value Squeeze(OpCall c)
    {
        if (c.Shape is null)
        {
            return c.Self;
        }

        var given = c.Args.Get("dim");
        if (given is null)
        {
            return c.Shape.Dims.Any(d => d.MaybeOne && !d.IsConstant)
                ? TensorValue.AnyShape
                : Of(c.Shape.Dims.Where(d => !(d.IsConstant && d.Constant == 1)));
        }

        var axis = c.Axis((given as IntValue)?.Dim);
        if (axis is null)
        {
            return TensorValue.AnyShape;
        }

        var size = c.Shape.Dims[axis.Value];
        if (size.IsConstant)
        {
            return size.Constant == 1 ? Remove(c.Shape, axis.Value) : c.Self;
        }

        return TensorValue.AnyShape;
    }

    private static TensorValue Remove(Shape shape, int axis) => Of(shape.Dims.Where((_, i) => i != axis));

    public static Value Flatten(OpCall c) =>
        c.DimArg(0, "start_dim") is { } start && c.DimArg(-1, "end_dim") is { } end ? Flatten(c, c.Self, start, end) : TensorValue.AnyShape;

    public static Value Ravel(OpCall c) => Flatten(c, c.Self, Dim.Of(0), Dim.Of(-1));

    private static TensorValue Flatten(OpCall c, TensorValue self, Dim start, Dim end)
    {
        if (self.Shape is null)
        {
            return self;
        }

        if (self.Shape.Rank == 0)
        {
            return Of(Dim.Of(1));
        }

        var first = c.Axis(start);
        var last = c.Axis(end);
        if (first is null || last is null)
        {
            return TensorValue.AnyShape;
        }

        if (first > last)
        {
            c.Fail($"start_dim {start} comes after end_dim {end} in {self}");
            return TensorValue.AnyShape;
        }

        return Of(self.Shape.Dims.Take(first.Value)
            .Concat(new[] { Product(self.Shape.Dims.Skip(first.Value).Take(last.Value - first.Value + 1)) })
            .Concat(self.Shape.Dims.Skip(last.Value + 1)));
    }

    public static Value Unflatten(OpCall c)
    {
        var axis = c.Axis(c.Args.Int("dim"));
        var sizesArgument = c.Args.Get("sizes");
        if (c.Shape is null || axis is null || Sizes(sizesArgument) is null)
        {
            return TensorValue.AnyShape;
        }

        var reshaped = Reshape(c, Of(c.Shape.Dims[axis.Value]), sizesArgument);
        if (reshaped.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        return Of(c.Shape.Dims.Take(axis.Value).Concat(reshaped.Shape.Dims).Concat(c.Shape.Dims.Skip(axis.Value + 1)));
    }

    public static Value Expand(OpCall c)
    {
        var sizes = Sizes(c.Args.Find("sizes", "shape", "size"));
        if (sizes is null || c.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        if (sizes.Count < c.Shape.Rank)
        {
            c.Fail($"gives {sizes.Count} sizes for {c.Self} of rank {c.Shape.Rank}");
            return TensorValue.AnyShape;
        }

        var dims = new Dim[sizes.Count];
        for (var i = 1; i <= sizes.Count; i++)
        {
            var wanted = sizes[sizes.Count - i] ?? Dim.Unknown;
            var has = i <= c.Shape.Rank ? c.Shape.At(-i) : null;
            if (wanted is { IsConstant: true, Constant: -1 })
            {
                dims[sizes.Count - i] = has ?? Dim.Unknown;
            }
            else
            {
                if (has is not null && !has.MaybeOne && ProvablyDifferent(has, wanted))
                {
                    c.Fail($"cannot expand {c.Self} to ({string.Join(", ", sizes.Select(s => s?.ToString() ?? "?"))}): dim {-i} is {has}, not 1");
                    return TensorValue.AnyShape;
                }

                dims[sizes.Count - i] = wanted;
            }
        }

        return Of(dims);
    }

    public static Value RepeatInterleave(OpCall c)
    {
        var repeats = c.Args.Int("repeats");
        if (c.Shape is null || repeats is null)
        {
            return TensorValue.AnyShape;
        }

        if (c.Args.Get("dim") is null)
        {
            return Of(Product(c.Shape.Dims) * repeats);
        }

        if (c.Args.Int("dim") is not { } dim)
        {
            return TensorValue.AnyShape;
        }

        var axis = c.Axis(dim);
        return axis is null ? TensorValue.AnyShape : new TensorValue(c.Shape.With(axis.Value, c.Shape.Dims[axis.Value] * repeats));
    }

    /// <summary>repeat(sizes): at least one size per dim; extra sizes add leading dims.</summary>
    public static Value Repeat(OpCall c)
    {
        var sizes = Sizes(c.Args.Find("sizes", "repeats"));
        if (c.Shape is null || sizes is null)
        {
            return TensorValue.AnyShape;
        }

        if (sizes.Count < c.Shape.Rank)
        {
            c.Fail($"gives {sizes.Count} repeats for {c.Self} of rank {c.Shape.Rank}; it needs at least one per dim");
            return TensorValue.AnyShape;
        }

        return Of(Tiled(c.Shape, sizes));
    }

    /// <summary>tile(reps): like repeat, but fewer reps than dims repeat the trailing dims.</summary>
    public static Value Tile(OpCall c)
    {
        var sizes = Sizes(c.Args.Find("reps", "dims"));
        if (c.Shape is null || sizes is null)
        {
            return TensorValue.AnyShape;
        }

        var padded = Enumerable.Repeat<Dim?>(Dim.Of(1), System.Math.Max(0, c.Shape.Rank - sizes.Count)).Concat(sizes).ToList();
        return Of(Tiled(c.Shape, padded));
    }

    private static IEnumerable<Dim> Tiled(Shape shape, List<Dim?> sizes)
    {
        var lead = sizes.Count - shape.Rank;
        return sizes.Select((s, i) => (s ?? Dim.Unknown) * (i < lead ? Dim.Of(1) : shape.Dims[i - lead]));
    }

    /// <summary>Tensor.unfold(dimension, size, step): windows along a dim, the window appended last.</summary>
    public static Value Windows(OpCall c)
    {
        var axis = c.Axis(c.Args.IntOf("dimension", "dim"));
        var size = c.Args.Int("size");
        var step = c.Args.Int("step");
        if (c.Shape is null || axis is null || size is null || step is not { IsConstant: true, Constant: > 0 })
        {
            return c.Shape is null ? TensorValue.AnyShape : Of(Enumerable.Repeat(Dim.Unknown, c.Shape.Rank + 1));
        }

        var length = c.Shape.Dims[axis.Value];
        if (length.IsConstant && size.IsConstant && size.Constant > length.Constant)
        {
            c.Fail($"windows of {size.Constant} do not fit in dim {axis} of {c.Self}");
            return TensorValue.AnyShape;
        }

        var count = (length - size).FloorDiv(step.Constant) + 1;
        return Of(c.Shape.Dims.Select((d, i) => i == axis ? count : d).Concat(new[] { size }));
    }

    /// <summary>atleast_1d/2d/3d: leading (and for 3d trailing) ones up to the rank.</summary>
    public static OpRule AtLeast(int rank) => c =>
    {
        if (c.Shape is null || c.Shape.Rank >= rank)
        {
            return c.Self;
        }

        var dims = c.Shape.Dims.ToList();
        return (rank, dims.Count) switch
        {
            (_, 0) => Of(Enumerable.Repeat(Dim.Of(1), rank)),
            (2, 1) or (3, 1) => Of(new[] { Dim.Of(1) }.Concat(dims).Concat(rank == 3 ? new[] { Dim.Of(1) } : new Dim[0])),
            (3, 2) => Of(dims.Concat(new[] { Dim.Of(1) })),
            _ => TensorValue.AnyShape,
        };
    };

    /// <summary>rot90(k, dims): an odd k swaps the two dims.</summary>
    public static Value Rot90(OpCall c)
    {
        var k = c.DimArg(1, "k");
        var dims = c.Args.Get("dims") is { } given ? Sizes(given) : new List<Dim?> { Dim.Of(0), Dim.Of(1) };
        if (c.Shape is null || dims is not { Count: 2 } || k is not { IsConstant: true })
        {
            return SameRank(c.Self);
        }

        return k.Constant % 2 == 0 ? c.Self : Transpose(c, dims[0], dims[1]);
    }

    /// <summary>channel_shuffle(groups): same shape; the groups must divide the channels.</summary>
    public static Value ChannelShuffle(OpCall c)
    {
        if (c.Shape is { Rank: >= 2 } shape && c.Args.Constant("groups") is { } groups && groups > 0
            && shape.Dims[1] is { IsConstant: true } channels && channels.Constant % groups != 0)
        {
            c.Fail($"{groups} groups do not divide the {channels.Constant} channels of {c.Self}");
            return TensorValue.AnyShape;
        }

        return c.Self;
    }
}
