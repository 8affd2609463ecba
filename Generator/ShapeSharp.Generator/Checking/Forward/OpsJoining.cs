using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Indexing, joining (cat, stack), einsum, attention and tensor creation.</summary>
internal static partial class Ops
{
    public static Value Index(Interpreter run, Value target, IReadOnlyList<Value> indices, LocationInfo at)
    {
        if (target is TupleValue tuple)
        {
            if (indices.Count == 1 && indices[0] is IntValue { Dim: { IsConstant: true } position })
            {
                var i = position.Constant < 0 ? position.Constant + tuple.Items.Count : position.Constant;
                return i >= 0 && i < tuple.Items.Count ? tuple.Items[(int)i] : Value.Unknown;
            }

            return tuple.Items.Count == 0 ? Value.Unknown : tuple.Items.Aggregate(Value.Join);
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

    private static TensorValue Einsum(Interpreter run, TextValue? equation, TupleValue? operands, LocationInfo at)
    {
        if (equation is null || operands is null || equation.Text.Contains("."))
        {
            return TensorValue.AnyShape;
        }

        var text = equation.Text.Replace(" ", string.Empty);
        var arrow = text.IndexOf("->", System.StringComparison.Ordinal);
        var inputs = (arrow < 0 ? text : text.Substring(0, arrow)).Split(',');
        if (inputs.Length != operands.Items.Count)
        {
            run.Fail(at, "einsum", $"\"{equation.Text}\" names {inputs.Length} operands, but {operands.Items.Count} are given");
            return TensorValue.AnyShape;
        }

        var sizes = new Dictionary<char, Dim>();
        for (var i = 0; i < inputs.Length; i++)
        {
            if (operands.Items[i] is not TensorValue { Shape: { } shape })
            {
                continue;
            }

            if (shape.Rank != inputs[i].Length)
            {
                run.Fail(at, "einsum", $"operand {i} is {shape} (rank {shape.Rank}), but \"{inputs[i]}\" has {inputs[i].Length} letters");
                return TensorValue.AnyShape;
            }

            for (var d = 0; d < shape.Rank; d++)
            {
                var letter = inputs[i][d];
                if (sizes.TryGetValue(letter, out var seen))
                {
                    if (ProvablyDifferent(seen, shape.Dims[d]) && !seen.MaybeOne && !shape.Dims[d].MaybeOne)
                    {
                        run.Fail(at, "einsum", $"'{letter}' in \"{equation.Text}\" is {seen} in one operand and {shape.Dims[d]} in operand {i} {shape}");
                        return TensorValue.AnyShape;
                    }

                    if (seen.IsUnknown || seen is { IsConstant: true, Constant: 1 })
                    {
                        sizes[letter] = shape.Dims[d];
                    }
                }
                else
                {
                    sizes[letter] = shape.Dims[d];
                }
            }
        }

        var output = arrow >= 0
            ? text.Substring(arrow + 2)
            : new string(string.Concat(inputs).GroupBy(c => c).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(c => c).ToArray());
        return new TensorValue(new Shape(output.Select(c => sizes.TryGetValue(c, out var d) ? d : Dim.Unknown)));
    }

    private static TensorValue Attention(Interpreter run, Arguments args, LocationInfo at)
    {
        const string Op = "scaled_dot_product_attention";
        if (args.Tensor("query")?.Shape is not { Rank: >= 2 } q || args.Tensor("key")?.Shape is not { Rank: >= 2 } k || args.Tensor("value")?.Shape is not { Rank: >= 2 } v)
        {
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(q.At(-1), k.At(-1)))
        {
            run.Fail(at, Op, $"query {q} and key {k} differ in the last (head) dim: {q.At(-1)} vs {k.At(-1)}");
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(k.At(-2), v.At(-2)))
        {
            run.Fail(at, Op, $"key {k} and value {v} differ in the sequence dim: {k.At(-2)} vs {v.At(-2)}");
            return TensorValue.AnyShape;
        }

        var batch = Broadcast(run, Op, new TensorValue(new Shape(q.Dims.Take(q.Rank - 2))), new TensorValue(new Shape(k.Dims.Take(k.Rank - 2))), at);
        if (batch.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        if (args.Tensor("attn_mask")?.Shape is { } mask)
        {
            BroadcastInto(run, Op, new TensorValue(mask), new TensorValue(new Shape(batch.Shape.Dims.Concat(new[] { q.At(-2), k.At(-2) }))), "the mask", at);
        }

        return new TensorValue(new Shape(batch.Shape.Dims.Concat(new[] { q.At(-2), v.At(-1) })));
    }

    private static TensorValue Creation(Arguments args)
    {
        if ((args.Get("size") ?? args.Get("sizes")) is { } size)
        {
            var sizes = Sizes(size);
            return sizes is null ? TensorValue.AnyShape : new TensorValue(new Shape(sizes.Select(s => s ?? Dim.Unknown)));
        }

        var named = new[] { "dim0", "dim1", "dim2", "dim3" }.Select(n => args.Get(n)).TakeWhile(v => v is not null).ToList();
        if (named.Count == 0)
        {
            named = new[] { "rows", "columns" }.Select(n => args.Get(n)).TakeWhile(v => v is not null).ToList();
        }

        return named.Count == 0 ? TensorValue.AnyShape : new TensorValue(new Shape(named.Select(v => (v as IntValue)?.Dim ?? Dim.Unknown)));
    }

    private static TensorValue Arange(Arguments args)
    {
        var stop = args.Int("stop");
        var start = args.Int("start");
        if (args.Has("step") || stop is null)
        {
            return Of(Dim.Unknown);
        }

        return Of(start is null ? stop : stop - start);
    }
}
