using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

internal static partial class Ops
{
    /// <summary>A dim argument normalized to [0, rank); SS0020 when it is provably out of range.</summary>
    private static int? Axis(Interpreter run, string op, Shape? shape, Dim? dim, LocationInfo at, int extra = 0)
    {
        if (shape is null || dim is not { IsConstant: true })
        {
            return null;
        }

        var rank = shape.Rank + extra;
        var value = dim.Constant;
        if (value < -rank || value >= rank)
        {
            run.Fail(at, op, $"dim {value} is out of range for {shape} (rank {shape.Rank})");
            return null;
        }

        return (int)(value < 0 ? value + rank : value);
    }

    private static TensorValue Broadcast(Interpreter run, string op, TensorValue a, TensorValue b, LocationInfo at)
    {
        if (a.Shape is null || b.Shape is null)
        {
            return a.Shape is null ? TensorValue.AnyShape : b.Shape is null ? TensorValue.AnyShape : a;
        }

        var rank = System.Math.Max(a.Shape.Rank, b.Shape.Rank);
        var dims = new Dim[rank];
        for (var i = 1; i <= rank; i++)
        {
            var x = i <= a.Shape.Rank ? a.Shape.At(-i) : Dim.Of(1);
            var y = i <= b.Shape.Rank ? b.Shape.At(-i) : Dim.Of(1);
            if (x.Equals(y) || y is { IsConstant: true, Constant: 1 })
            {
                dims[rank - i] = x;
            }
            else if (x is { IsConstant: true, Constant: 1 })
            {
                dims[rank - i] = y;
            }
            else if (ProvablyDifferent(x, y) && !x.MaybeOne && !y.MaybeOne)
            {
                run.Fail(at, Name(op), $"{a} and {b} do not broadcast: dim {-i} is {x} in one and {y} in the other");
                return TensorValue.AnyShape;
            }
            else
            {
                dims[rank - i] = !x.MaybeOne ? x : !y.MaybeOne ? y : Dim.Unknown;
            }
        }

        return new TensorValue(new Shape(dims));
    }

    private static void BroadcastInto(Interpreter run, string op, TensorValue small, TensorValue target, string what, LocationInfo at)
    {
        if (small.Shape is null || target.Shape is null)
        {
            return;
        }

        if (small.Shape.Rank > target.Shape.Rank)
        {
            run.Fail(at, op, $"{what} {small} has more dims than the tensor {target}");
            return;
        }

        for (var i = 1; i <= small.Shape.Rank; i++)
        {
            var x = small.Shape.At(-i);
            var y = target.Shape.At(-i);
            if (ProvablyDifferent(x, y) && !x.MaybeOne)
            {
                run.Fail(at, op, $"{what} {small} does not broadcast to {target}: dim {-i} is {x}, expected {y} or 1");
                return;
            }
        }
    }

    private static string Name(string op) => op switch
    {
        "+" => "+ (add)",
        "-" => "- (sub)",
        "*" => "* (mul)",
        "/" => "/ (div)",
        _ => op,
    };

    private static TensorValue MatMul(Interpreter run, string op, TensorValue a, TensorValue b, LocationInfo at)
    {
        if (a.Shape is not { Rank: > 0 } x || b.Shape is not { Rank: > 0 } y)
        {
            return TensorValue.AnyShape;
        }

        var inner = y.Rank == 1 ? y.Dims[0] : y.At(-2);
        if (ProvablyDifferent(x.At(-1), inner))
        {
            run.Fail(at, op, $"{a} @ {b}: the inner dims differ ({x.At(-1)} vs {inner}); did you mean to transpose the right operand?");
            return TensorValue.AnyShape;
        }

        if (x.Rank == 1 && y.Rank == 1)
        {
            return Of();
        }

        if (y.Rank == 1)
        {
            return new TensorValue(new Shape(x.Dims.Take(x.Rank - 1)));
        }

        if (x.Rank == 1)
        {
            return new TensorValue(new Shape(y.Dims.Take(y.Rank - 2).Concat(new[] { y.At(-1) })));
        }

        var batchA = new TensorValue(new Shape(x.Dims.Take(x.Rank - 2)));
        var batchB = new TensorValue(new Shape(y.Dims.Take(y.Rank - 2)));
        var batch = Broadcast(run, op, batchA, batchB, at);
        if (batch.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        return new TensorValue(new Shape(batch.Shape.Dims.Concat(new[] { x.At(-2), y.At(-1) })));
    }

    private static TensorValue Bmm(Interpreter run, TensorValue a, TensorValue b, LocationInfo at)
    {
        if (a.Shape is not { } x || b.Shape is not { } y)
        {
            return TensorValue.AnyShape;
        }

        if (x.Rank != 3 || y.Rank != 3)
        {
            run.Fail(at, "bmm", $"takes two rank-3 tensors, but gets {a} and {b}");
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(x.Dims[0], y.Dims[0]))
        {
            run.Fail(at, "bmm", $"{a} @ {b}: the batch dims differ ({x.Dims[0]} vs {y.Dims[0]}); bmm does not broadcast");
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(x.Dims[2], y.Dims[1]))
        {
            run.Fail(at, "bmm", $"{a} @ {b}: the inner dims differ ({x.Dims[2]} vs {y.Dims[1]}); did you mean to transpose the right operand?");
            return TensorValue.AnyShape;
        }

        return Of(x.Dims[0].IsUnknown ? y.Dims[0] : x.Dims[0], x.Dims[1], y.Dims[2]);
    }

    private static List<Dim?>? Sizes(Value? value)
    {
        switch (value)
        {
            case TupleValue tuple:
                return tuple.Items.Select(i => i is IntValue n ? n.Dim : (Dim?)null).ToList();
            case IntValue single:
                return new List<Dim?> { single.Dim };
            default:
                return null;
        }
    }

    private static TensorValue Reshape(Interpreter run, string op, TensorValue self, Value? shapeArgument, LocationInfo at)
    {
        var sizes = Sizes(shapeArgument);
        if (sizes is null)
        {
            return TensorValue.AnyShape;
        }

        var inferred = sizes.FindIndex(s => s is { IsConstant: true, Constant: -1 });
        if (sizes.Count(s => s is { IsConstant: true, Constant: -1 }) > 1)
        {
            run.Fail(at, op, "only one dim can be -1");
            return TensorValue.AnyShape;
        }

        var dims = sizes.Select(s => s ?? Dim.Unknown).ToArray();
        if (self.Shape is null)
        {
            if (inferred >= 0)
            {
                dims[inferred] = Dim.Unknown;
            }

            return new TensorValue(new Shape(dims));
        }

        var total = Product(self.Shape.Dims);
        var known = Product(dims.Where((_, i) => i != inferred));
        if (inferred >= 0)
        {
            var rest = total.DivideExact(known);
            if (rest.IsUnknown && total.IsConstant && known is { IsConstant: true, Constant: > 0 } && total.Constant % known.Constant != 0)
            {
                run.Fail(at, op, $"{self} has {total.Constant} elements, which {Text(dims, inferred)} cannot hold: {total.Constant} is not a multiple of {known.Constant}");
                return TensorValue.AnyShape;
            }

            dims[inferred] = rest;
        }
        else if (ProvablyDifferent(total, known) || total.IsConstant && known.IsConstant && total.Constant != known.Constant)
        {
            run.Fail(at, op, $"{self} has {total} elements, but [{string.Join(", ", dims.Select(d => d.ToString()))}] has {known}");
            return TensorValue.AnyShape;
        }

        return new TensorValue(new Shape(dims));
    }

    private static string Text(Dim[] dims, int inferred) =>
        "[" + string.Join(", ", dims.Select((d, i) => i == inferred ? "-1" : d.ToString())) + "]";

    private static TensorValue Transpose(Interpreter run, string op, TensorValue self, Dim? dim0, Dim? dim1, LocationInfo at)
    {
        var a = Axis(run, op, self.Shape, dim0, at);
        var b = Axis(run, op, self.Shape, dim1, at);
        if (self.Shape is null)
        {
            return self;
        }

        if (a is null || b is null)
        {
            return new TensorValue(new Shape(self.Shape.Dims.Select(_ => Dim.Unknown)));
        }

        var dims = self.Shape.Dims.ToArray();
        (dims[a.Value], dims[b.Value]) = (dims[b.Value], dims[a.Value]);
        return new TensorValue(new Shape(dims));
    }

    private static TensorValue Permute(Interpreter run, TensorValue self, Value? order, LocationInfo at)
    {
        var sizes = Sizes(order);
        if (self.Shape is null || sizes is null || sizes.Any(s => s is not { IsConstant: true }))
        {
            return TensorValue.AnyShape;
        }

        if (sizes.Count != self.Shape.Rank)
        {
            run.Fail(at, "permute", $"gives {sizes.Count} dims for {self} of rank {self.Shape.Rank}");
            return TensorValue.AnyShape;
        }

        var axes = sizes.Select(s => (int)(s!.Constant < 0 ? s.Constant + self.Shape.Rank : s.Constant)).ToList();
        if (axes.Any(a => a < 0 || a >= self.Shape.Rank) || axes.Distinct().Count() != axes.Count)
        {
            run.Fail(at, "permute", $"({string.Join(", ", sizes)}) is not a permutation of the dims of {self}");
            return TensorValue.AnyShape;
        }

        return new TensorValue(new Shape(axes.Select(a => self.Shape.Dims[a])));
    }

    private static TensorValue Unsqueeze(Interpreter run, TensorValue self, Dim? dim, LocationInfo at)
    {
        var axis = Axis(run, "unsqueeze", self.Shape, dim, at, extra: 1);
        if (self.Shape is null || axis is null)
        {
            return TensorValue.AnyShape;
        }

        var dims = self.Shape.Dims.ToList();
        dims.Insert(axis.Value, Dim.Of(1));
        return new TensorValue(new Shape(dims));
    }

    private static TensorValue Squeeze(Interpreter run, TensorValue self, Dim? dim, LocationInfo at)
    {
        if (self.Shape is null)
        {
            return self;
        }

        if (dim is null)
        {
            return self.Shape.Dims.Any(d => d.MaybeOne && !d.IsConstant)
                ? TensorValue.AnyShape
                : new TensorValue(new Shape(self.Shape.Dims.Where(d => !(d.IsConstant && d.Constant == 1))));
        }

        var axis = Axis(run, "squeeze", self.Shape, dim, at);
        if (axis is null)
        {
            return TensorValue.AnyShape;
        }

        var at1 = self.Shape.Dims[axis.Value];
        if (at1.IsConstant)
        {
            return at1.Constant == 1 ? Remove(self.Shape, axis.Value) : self;
        }

        return TensorValue.AnyShape;
    }

    private static TensorValue Remove(Shape shape, int axis) => new(new Shape(shape.Dims.Where((_, i) => i != axis)));

    private static TensorValue Remove(Interpreter run, string op, TensorValue self, Dim? dim, LocationInfo at)
    {
        var axis = Axis(run, op, self.Shape, dim, at);
        return self.Shape is null || axis is null ? TensorValue.AnyShape : Remove(self.Shape, axis.Value);
    }

    private static TensorValue Replace(Interpreter run, string op, TensorValue self, Dim? dim, Dim size, LocationInfo at)
    {
        var axis = Axis(run, op, self.Shape, dim, at);
        if (self.Shape is null)
        {
            return self;
        }

        return axis is null ? new TensorValue(new Shape(self.Shape.Dims.Select(_ => Dim.Unknown))) : new TensorValue(self.Shape.With(axis.Value, size));
    }

    private static TensorValue Flatten(Interpreter run, TensorValue self, Dim start, Dim end, LocationInfo at)
    {
        if (self.Shape is null)
        {
            return self;
        }

        if (self.Shape.Rank == 0)
        {
            return Of(Dim.Of(1));
        }

        var first = Axis(run, "flatten", self.Shape, start, at);
        var last = Axis(run, "flatten", self.Shape, end, at);
        if (first is null || last is null)
        {
            return TensorValue.AnyShape;
        }

        if (first > last)
        {
            run.Fail(at, "flatten", $"start_dim {start} comes after end_dim {end} in {self}");
            return TensorValue.AnyShape;
        }

        var dims = self.Shape.Dims.Take(first.Value)
            .Concat(new[] { Product(self.Shape.Dims.Skip(first.Value).Take(last.Value - first.Value + 1)) })
            .Concat(self.Shape.Dims.Skip(last.Value + 1));
        return new TensorValue(new Shape(dims));
    }

    private static TensorValue Unflatten(Interpreter run, TensorValue self, Dim? dim, Value? sizesArgument, LocationInfo at)
    {
        var axis = Axis(run, "unflatten", self.Shape, dim, at);
        var sizes = Sizes(sizesArgument);
        if (self.Shape is null || axis is null || sizes is null)
        {
            return TensorValue.AnyShape;
        }

        var piece = new TensorValue(new Shape(new[] { self.Shape.Dims[axis.Value] }));
        var reshaped = Reshape(run, "unflatten", piece, sizesArgument, at);
        if (reshaped.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        return new TensorValue(new Shape(self.Shape.Dims.Take(axis.Value).Concat(reshaped.Shape.Dims).Concat(self.Shape.Dims.Skip(axis.Value + 1))));
    }

    private static Value Chunk(Interpreter run, TensorValue self, Dim? chunks, Dim dim, LocationInfo at)
    {
        var axis = Axis(run, "chunk", self.Shape, dim, at);
        if (chunks is not { IsConstant: true, Constant: > 0 } || self.Shape is null || axis is null)
        {
            return Value.Unknown;
        }

        var n = chunks.Constant;
        var size = self.Shape.Dims[axis.Value];
        var piece = size.DivideExact(Dim.Of(n));
        if (piece.IsUnknown && size.IsConstant)
        {
            // torch.chunk: pieces of ceil(size / n); the last one smaller, and fewer pieces than asked when it runs out.
            var step = (size.Constant + n - 1) / n;
            var pieces = new List<Value>();
            for (var startAt = 0L; startAt < size.Constant; startAt += step)
            {
                pieces.Add(new TensorValue(self.Shape.With(axis.Value, Dim.Of(System.Math.Min(step, size.Constant - startAt)))));
            }

            return new TupleValue(pieces);
        }

        return new TupleValue(Enumerable.Range(0, (int)n).Select(_ => (Value)new TensorValue(self.Shape.With(axis.Value, piece))).ToList());
    }

    private static Value Split(Interpreter run, TensorValue self, Value? sizeArgument, Dim dim, LocationInfo at)
    {
        var axis = Axis(run, "split", self.Shape, dim, at);
        if (self.Shape is null || axis is null)
        {
            return Value.Unknown;
        }

        var total = self.Shape.Dims[axis.Value];
        if (sizeArgument is IntValue { Dim: { IsConstant: true, Constant: > 0 } each })
        {
            var count = total.DivideExact(each);
            return count.IsConstant
                ? new TupleValue(Enumerable.Range(0, (int)count.Constant).Select(_ => (Value)new TensorValue(self.Shape.With(axis.Value, each))).ToList())
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
            run.Fail(at, "split", $"sizes ({string.Join(", ", sizes)}) add up to {sum}, but dim {axis} of {self} is {total}");
            return Value.Unknown;
        }

        return new TupleValue(sizes.Select(s => (Value)new TensorValue(self.Shape.With(axis.Value, s!))).ToList());
    }

    private static TensorValue Reduce(Interpreter run, string op, TensorValue self, Value? dims, Arguments args, LocationInfo at)
    {
        if (self.Shape is null)
        {
            return self;
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

        var keepdim = args.Get("keepdim");
        var axes = new HashSet<int>();
        foreach (var size in sizes)
        {
            var axis = Axis(run, op, self.Shape, size, at);
            if (axis is null)
            {
                return TensorValue.AnyShape;
            }

            axes.Add(axis.Value);
        }

        switch (keepdim)
        {
            case null:
            case BoolValue { Value: false }:
                return new TensorValue(new Shape(self.Shape.Dims.Where((_, i) => !axes.Contains(i))));
            case BoolValue { Value: true }:
                return new TensorValue(new Shape(self.Shape.Dims.Select((d, i) => axes.Contains(i) ? Dim.Of(1) : d)));
            default:
                return TensorValue.AnyShape;
        }
    }

    private static TensorValue Expand(Interpreter run, TensorValue self, Value? sizesArgument, LocationInfo at)
    {
        var sizes = Sizes(sizesArgument);
        if (sizes is null || self.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        if (sizes.Count < self.Shape.Rank)
        {
            run.Fail(at, "expand", $"gives {sizes.Count} sizes for {self} of rank {self.Shape.Rank}");
            return TensorValue.AnyShape;
        }

        var dims = new Dim[sizes.Count];
        for (var i = 1; i <= sizes.Count; i++)
        {
            var wanted = sizes[sizes.Count - i] ?? Dim.Unknown;
            var has = i <= self.Shape.Rank ? self.Shape.At(-i) : null;
            if (wanted is { IsConstant: true, Constant: -1 })
            {
                dims[sizes.Count - i] = has ?? Dim.Unknown;
            }
            else
            {
                if (has is not null && !has.MaybeOne && ProvablyDifferent(has, wanted))
                {
                    run.Fail(at, "expand", $"cannot expand {self} to ({string.Join(", ", sizes.Select(s => s?.ToString() ?? "?"))}): dim {-i} is {has}, not 1");
                    return TensorValue.AnyShape;
                }

                dims[sizes.Count - i] = wanted;
            }
        }

        return new TensorValue(new Shape(dims));
    }

    private static TensorValue RepeatInterleave(Interpreter run, TensorValue self, Dim? repeats, Dim? dim, LocationInfo at)
    {
        if (self.Shape is null || repeats is null)
        {
            return TensorValue.AnyShape;
        }

        if (dim is null)
        {
            return Of(Product(self.Shape.Dims) * repeats);
        }

        var axis = Axis(run, "repeat_interleave", self.Shape, dim, at);
        return axis is null ? TensorValue.AnyShape : new TensorValue(self.Shape.With(axis.Value, self.Shape.Dims[axis.Value] * repeats));
    }
}
