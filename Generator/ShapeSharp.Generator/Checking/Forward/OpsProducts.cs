using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Products: matmul and its fixed-rank forms, einsum, attention, linear, bilinear, distances.</summary>
internal static partial class Ops
{
    public static Value MatMul(OpCall c) =>
        c.Args.Find("target", "other", "mat2") is TensorValue right ? MatMul(c.Run, c.Op, c.Self, right, c.At) : TensorValue.AnyShape;

    /// <summary>mm: two matrices, no broadcasting.</summary>
    public static Value Mm(OpCall c)
    {
        if (c.Args.Find("target", "mat2") is not TensorValue right)
        {
            return TensorValue.AnyShape;
        }

        if (c.Shape is { Rank: not 2 } || right.Shape is { Rank: not 2 })
        {
            c.Fail($"takes two matrices, but gets {c.Self} and {right}");
            return TensorValue.AnyShape;
        }

        return MatMul(c.Run, c.Op, c.Self, right, c.At);
    }

    /// <summary>mv: a matrix times a vector.</summary>
    public static Value Mv(OpCall c)
    {
        if (c.Args.Find("target", "vec") is not TensorValue right)
        {
            return TensorValue.AnyShape;
        }

        if (c.Shape is { Rank: not 2 } || right.Shape is { Rank: not 1 })
        {
            c.Fail($"takes a matrix and a vector, but gets {c.Self} and {right}");
            return TensorValue.AnyShape;
        }

        return MatMul(c.Run, c.Op, c.Self, right, c.At);
    }

    /// <summary>dot, vdot: two vectors of one length, a scalar.</summary>
    public static Value Dot(OpCall c)
    {
        if (c.Args.Find("target", "other") is not TensorValue right)
        {
            return TensorValue.AnyShape;
        }

        if (c.Shape is { Rank: not 1 } || right.Shape is { Rank: not 1 })
        {
            c.Fail($"takes two vectors, but gets {c.Self} and {right}");
            return TensorValue.AnyShape;
        }

        if (c.Shape is { } a && right.Shape is { } b && ProvablyDifferent(a.Dims[0], b.Dims[0]))
        {
            c.Fail($"{c.Self} and {right} differ in length ({a.Dims[0]} vs {b.Dims[0]})");
            return TensorValue.AnyShape;
        }

        return Of();
    }

    /// <summary>outer, ger: [n] x [m] -> [n, m].</summary>
    public static Value Outer(OpCall c) =>
        c.Args.Tensor("vec2") is { Shape: { Rank: 1 } v } && c.Shape is { Rank: 1 } ? Of(c.Shape.Dims[0], v.Dims[0]) : TensorValue.AnyShape;

    public static Value Bmm(OpCall c) =>
        c.Args.Tensor("batch2") is { } batch2 ? Bmm(c.Run, c.Self, batch2, c.At) : TensorValue.AnyShape;

    /// <summary>addmm(mat1, mat2): the input broadcast with mat1 @ mat2.</summary>
    public static Value AddMm(OpCall c) =>
        AddProduct(c, c.Args.Tensor("mat1") is { } a && c.Args.Tensor("mat2") is { } b ? MatMul(c.Run, c.Op, a, b, c.At) : null);

    /// <summary>addbmm(batch1, batch2): the input broadcast with the sum over the batch of batch1 @ batch2.</summary>
    public static Value AddBmm(OpCall c)
    {
        if (c.Args.Tensor("batch1") is not { } a || c.Args.Tensor("batch2") is not { } b)
        {
            return TensorValue.AnyShape;
        }

        var product = Bmm(c.Run, a, b, c.At);
        return AddProduct(c, product.Shape is { Rank: 3 } p ? Of(p.Dims[1], p.Dims[2]) : product);
    }

    private static Value AddProduct(OpCall c, TensorValue? product) =>
        product is null ? TensorValue.AnyShape : Broadcast(c.Run, c.Op, c.Self, product, c.At);

    public static Value Einsum(OpCall c) => Einsum(c.Run, c.Args.Get("equation") as TextValue, c.Args.Get("tensors") as TupleValue, c.At);

    public static Value Attention(OpCall c) => Attention(c.Run, c.Args, c.At);

    /// <summary>linear(input, weight [out, in]): the last dim becomes out; in must match.</summary>
    public static Value Linear(OpCall c)
    {
        if (c.Shape is not { Rank: > 0 } input || c.Args.Find("weights", "weight") is not TensorValue { Shape: { } weight })
        {
            return TensorValue.AnyShape;
        }

        if (weight.Rank != 2)
        {
            return weight.Rank == 1 && !ProvablyDifferent(input.At(-1), weight.Dims[0]) ? Of(input.Dims.Take(input.Rank - 1)) : TensorValue.AnyShape;
        }

        if (ProvablyDifferent(input.At(-1), weight.Dims[1]))
        {
            c.Fail($"input {input} has {input.At(-1)} features, but the weight {weight} takes {weight.Dims[1]}");
            return TensorValue.AnyShape;
        }

        return new TensorValue(input.With(-1, weight.Dims[0]));
    }

    /// <summary>bilinear(input1, input2, weight [out, in1, in2]): [..., out].</summary>
    public static Value Bilinear(OpCall c)
    {
        if (c.Shape is not { Rank: > 0 } first || c.Args.Tensor("input2")?.Shape is not { Rank: > 0 } second
            || c.Args.Tensor("weight")?.Shape is not { Rank: 3 } weight)
        {
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(first.At(-1), weight.Dims[1]) || ProvablyDifferent(second.At(-1), weight.Dims[2]))
        {
            c.Fail($"inputs {first} and {second} do not match the weight {weight}: their last dims must be {weight.Dims[1]} and {weight.Dims[2]}");
            return TensorValue.AnyShape;
        }

        return new TensorValue(first.With(-1, weight.Dims[0]));
    }

    /// <summary>cdist(x1 [.., P, M], x2 [.., R, M]): [.., P, R].</summary>
    public static Value Cdist(OpCall c)
    {
        if (c.Shape is not { Rank: >= 2 } a || c.Args.Tensor("x2")?.Shape is not { Rank: >= 2 } b)
        {
            return TensorValue.AnyShape;
        }

        if (ProvablyDifferent(a.At(-1), b.At(-1)))
        {
            c.Fail($"{a} and {b} differ in the last dim ({a.At(-1)} vs {b.At(-1)}), which the distances run over");
            return TensorValue.AnyShape;
        }

        var batch = Broadcast(c.Run, c.Op, Of(a.Dims.Take(a.Rank - 2)), Of(b.Dims.Take(b.Rank - 2)), c.At);
        return batch.Shape is null ? TensorValue.AnyShape : Of(batch.Shape.Dims.Concat(new[] { a.At(-2), b.At(-2) }));
    }

    /// <summary>inner(other): the last dims contract; [.., n] x [.., n] -> both leading parts.</summary>
    public static Value Inner(OpCall c)
    {
        if (c.Shape is not { } a || c.Args.Find("vec2", "other") is not TensorValue { Shape: { } b })
        {
            return TensorValue.AnyShape;
        }

        if (a.Rank == 0 || b.Rank == 0)
        {
            return a.Rank == 0 ? Of(b.Dims) : c.Self;
        }

        if (ProvablyDifferent(a.At(-1), b.At(-1)))
        {
            c.Fail($"{c.Self} and {b} differ in the last dim ({a.At(-1)} vs {b.At(-1)})");
            return TensorValue.AnyShape;
        }

        return Of(a.Dims.Take(a.Rank - 1).Concat(b.Dims.Take(b.Rank - 1)));
    }

    /// <summary>kron(other): dim by dim products, the shorter shape padded with leading ones.</summary>
    public static Value Kron(OpCall c)
    {
        if (c.Shape is not { } a || c.Args.Tensor("other")?.Shape is not { } b)
        {
            return TensorValue.AnyShape;
        }

        var rank = System.Math.Max(a.Rank, b.Rank);
        return Of(Enumerable.Range(0, rank).Select(i =>
            (i < rank - a.Rank ? Dim.Of(1) : a.Dims[i - rank + a.Rank]) * (i < rank - b.Rank ? Dim.Of(1) : b.Dims[i - rank + b.Rank])));
    }

    /// <summary>trace: the diagonal sum of a matrix, a scalar.</summary>
    public static Value Trace(OpCall c)
    {
        if (c.Shape is { Rank: not 2 })
        {
            c.Fail($"takes a matrix, but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        return Of();
    }

    /// <summary>dist(other): the norm of the broadcast difference, a scalar.</summary>
    public static Value Dist(OpCall c)
    {
        BroadcastAll(c);
        return Of();
    }

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

        var queryBatch = new Shape(q.Dims.Take(q.Rank - 2));
        var keyBatch = new Shape(k.Dims.Take(k.Rank - 2));
        if (BroadcastConflict(queryBatch, keyBatch) is { } conflict)
        {
            run.Fail(at, Op, $"query {q} and key {k} do not broadcast in their batch dims: dim {-conflict - 2} is {Trailing(queryBatch, conflict)} in one and {Trailing(keyBatch, conflict)} in the other");
            return TensorValue.AnyShape;
        }

        var batch = Broadcast(run, Op, new TensorValue(queryBatch), new TensorValue(keyBatch), at);
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
}
