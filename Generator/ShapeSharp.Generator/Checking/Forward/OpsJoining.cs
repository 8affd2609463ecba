using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Joining and splitting: cat, stack, hstack, vstack, chunk, split, unbind.</summary>
internal static partial class Ops
{
    public static Value Cat(OpCall c) => Cat(c.Run, c.Op, c.Args.Get("tensors"), c.DimArg(0, "dim", "axis") ?? Dim.Unknown, c.At);

    public static Value Stack(OpCall c) => Stack(c.Run, c.Args.Get("tensors"), c.DimArg(0, "dim") ?? Dim.Unknown, c.At);

    /// <summary>hstack: vectors join on dim 0, everything else on dim 1.</summary>
    public static Value HStack(OpCall c)
    {
        var first = (c.Args.Get("tensors") as TupleValue)?.Items.OfType<TensorValue>().FirstOrDefault(t => t.Shape is not null);
        return first?.Shape is null ? TensorValue.AnyShape : Cat(c.Run, c.Op, c.Args.Get("tensors"), Dim.Of(first.Shape.Rank == 1 ? 0 : 1), c.At);
    }

    /// <summary>vstack: vectors become rows, then everything joins on dim 0.</summary>
    public static Value VStack(OpCall c)
    {
        if (c.Args.Get("tensors") is not TupleValue list)
        {
            return TensorValue.AnyShape;
        }

        var rows = list.Items.Select(i => i is TensorValue { Shape: { Rank: 1 } vector } ? Of(Dim.Of(1), vector.Dims[0]) : i).ToList();
        return Cat(c.Run, c.Op, new TupleValue(rows), Dim.Of(0), c.At);
    }

    private static TensorValue Cat(Interpreter run, string op, Value? tensors, Dim dim, LocationInfo at)
    {
        if (tensors is ListValue { Element: TensorValue { Shape: { } piece } })
        {
            // As many pieces as forward added: the joined dim is unknown, the others are the pieces'.
            return Axis(run, op, piece, dim, at) is { } joined ? new TensorValue(piece.With(joined, Dim.Unknown)) : TensorValue.AnyShape;
        }

        if (tensors is not TupleValue list || list.Items.Count == 0 || list.Items.Any(i => i is not TensorValue))
        {
            return TensorValue.AnyShape;
        }

        var shapes = list.Items.Cast<TensorValue>().ToList();
        var known = shapes.Where(s => s.Shape is not null).Select(s => s.Shape!).ToList();
        if (known.Count == 0)
        {
            return TensorValue.AnyShape;
        }

        var rank = known[0].Rank;
        if (known.Any(s => s.Rank != rank))
        {
            run.Fail(at, op, $"joins tensors of different ranks: {string.Join(", ", known)}");
            return TensorValue.AnyShape;
        }

        var axis = Axis(run, op, known[0], dim, at);
        if (axis is null)
        {
            return new TensorValue(new Shape(known[0].Dims.Select(_ => Dim.Unknown)));
        }

        for (var i = 0; i < rank; i++)
        {
            if (i == axis)
            {
                continue;
            }

            foreach (var other in known.Skip(1))
            {
                if (ProvablyDifferent(known[0].Dims[i], other.Dims[i]))
                {
                    run.Fail(at, op, $"on dim {dim}: {known[0]} and {other} differ in dim {i} ({known[0].Dims[i]} vs {other.Dims[i]}), which must match");
                    return TensorValue.AnyShape;
                }
            }
        }

        var sum = shapes.Count == known.Count ? known.Aggregate(Dim.Of(0), (p, s) => p + s.Dims[axis.Value]) : Dim.Unknown;
        return new TensorValue(known[0].With(axis.Value, sum));
    }

    private static TensorValue Stack(Interpreter run, Value? tensors, Dim dim, LocationInfo at)
    {
        if (tensors is ListValue { Element: TensorValue { Shape: { } piece } } && Axis(run, "stack", piece, dim, at, extra: 1) is { } listAxis)
        {
            var stacked = piece.Dims.ToList();
            stacked.Insert(listAxis, Dim.Unknown);
            return new TensorValue(new Shape(stacked));
        }

        if (tensors is not TupleValue list || list.Items.Count == 0 || list.Items.Any(i => i is not TensorValue { Shape: not null }))
        {
            return TensorValue.AnyShape;
        }

        var shapes = list.Items.Cast<TensorValue>().Select(t => t.Shape!).ToList();
        foreach (var other in shapes.Skip(1))
        {
            if (Shape.ProvablyDifferent(shapes[0], other))
            {
                run.Fail(at, "stack", $"needs equal shapes, but gets {shapes[0]} and {other}");
                return TensorValue.AnyShape;
            }
        }

        var axis = Axis(run, "stack", shapes[0], dim, at, extra: 1);
        if (axis is null)
        {
            return TensorValue.AnyShape;
        }

        var dims = shapes[0].Dims.ToList();
        dims.Insert(axis.Value, Dim.Of(shapes.Count));
        return new TensorValue(new Shape(dims));
    }

    public static Value Chunk(OpCall c)
    {
        var chunks = c.Args.Int("chunks");
        var axis = c.Axis(c.DimArg(0, "dim"));
        if (chunks is not { IsConstant: true, Constant: > 0 } || c.Shape is null || axis is null)
        {
            return Value.Unknown;
        }

        var n = chunks.Constant;
        var size = c.Shape.Dims[axis.Value];
        var piece = size.DivideExact(Dim.Of(n));
        if (piece.IsUnknown && size.IsConstant)
        {
            // torch.chunk: pieces of ceil(size / n); the last one smaller, and fewer pieces than asked when it runs out.
            var step = (size.Constant + n - 1) / n;
            var pieces = new List<Value>();
            for (var startAt = 0L; startAt < size.Constant; startAt += step)
            {
                pieces.Add(new TensorValue(c.Shape.With(axis.Value, Dim.Of(System.Math.Min(step, size.Constant - startAt)))));
            }

            return new TupleValue(pieces);
        }

        return new TupleValue(Enumerable.Range(0, (int)n).Select(_ => (Value)new TensorValue(c.Shape.With(axis.Value, piece))).ToList());
    }

    /// <summary>split(size) into pieces of one size (the last one smaller), or split(sizes) into the sizes given.</summary>
    public static Value Split(OpCall c)
    {
        var sizeArgument = c.Args.Find("size", "sizes", "split_size_or_sections");
        var axis = c.Axis(c.DimArg(0, "dim"));
        if (c.Shape is null || axis is null)
        {
            return Value.Unknown;
        }

        var total = c.Shape.Dims[axis.Value];
        if (sizeArgument is IntValue { Dim: { IsConstant: true, Constant: > 0 } each })
        {
            var count = total.DivideExact(each);
            return count.IsConstant
                ? new TupleValue(Enumerable.Range(0, (int)count.Constant).Select(_ => (Value)new TensorValue(c.Shape.With(axis.Value, each))).ToList())
                : Value.Unknown;
        }

        var sizes = Sizes(sizeArgument);
        if (sizes is null || sizes.Any(s => s is null))
        {
            return Value.Unknown;
        }

        var sum = sizes.Aggregate(Dim.Of(0), (p, s) => p + s!);
        if (ProvablyDifferent(sum, total))
        {
            c.Fail($"sizes ({string.Join(", ", sizes)}) add up to {sum}, but dim {axis} of {c.Self} is {total}");
            return Value.Unknown;
        }

        return new TupleValue(sizes.Select(s => (Value)new TensorValue(c.Shape.With(axis.Value, s!))).ToList());
    }

    /// <summary>unbind(dim): one piece per element of the dim, each without it; how many is unknown when the dim is.</summary>
    public static Value Unbind(OpCall c)
    {
        var axis = c.Axis(c.DimArg(0, "dim", "dimension"));
        if (c.Shape is null || axis is null)
        {
            return Value.Unknown;
        }

        var piece = Remove(c.Shape, axis.Value);
        var count = c.Shape.Dims[axis.Value];
        return count is { IsConstant: true, Constant: <= 64 }
            ? new TupleValue(Enumerable.Repeat((Value)piece, (int)count.Constant).ToList())
            : new ListValue(piece);
    }
}
