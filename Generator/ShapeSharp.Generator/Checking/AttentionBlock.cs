using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// A [MultiheadAttention] block takes three tensors (query, key, value; then the two masks) where
/// every other block takes one, so its form and its key and value are checked here: the stack
/// checker sees only the query.
/// </summary>
internal static class AttentionBlock
{
    public const string Kind = "MultiheadAttention";

    public static bool Is(BlockSpec block) => block.Layers.Any(l => l.Kind == Kind);

    /// <summary>SS0007 unless the block is the attention alone, called with query, key and value.</summary>
    public static bool IsWellFormed(BlockSpec block, List<DiagnosticInfo> diagnostics)
    {
        if (!Is(block))
        {
            return true;
        }

        string? problem = block.Layers.Count != 1
            ? "holds MultiheadAttention with other layers; give the attention a block of its own"
            : block.Parameters.Count is < 3 or > 5
                ? "is a MultiheadAttention block, which takes (query, key, value), then optionally an attention mask and a key padding mask"
                : null;
        if (problem is null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, block.Location, block.Method, "the block", problem));
        return false;
    }

    /// <summary>
    /// The key and value against the query: same batch, the query's width (SS0020 at the call), and
    /// the key's length is the attention weights' last dim.
    /// </summary>
    public static Value AtCall(BlockSpec block, Value output, IReadOnlyList<Value> arguments, LocationInfo at, List<DiagnosticInfo> diagnostics)
    {
        if (!Is(block) || arguments.Count < 3 || arguments[0] is not TensorValue { Shape: { Rank: 3 } query })
        {
            return output;
        }

        var key = (arguments[1] as TensorValue)?.Shape;
        var value = (arguments[2] as TensorValue)?.Shape;
        foreach (var (name, shape) in new[] { ("key", key), ("value", value) })
        {
            if (shape is null)
            {
                continue;
            }

            var problem = shape.Rank != 3 ? $"its {name} {shape} must be [B, S, E] like the query {query}"
                : Dim.ProvablyDifferent(shape.Dims[0], query.Dims[0]) ? $"its {name} {shape} and query {query} differ in batch"
                : Dim.ProvablyDifferent(shape.Dims[2], query.Dims[2]) ? $"its {name} {shape} has width {shape.Dims[2]}, but the query {query} has {query.Dims[2]}"
                : null;
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleOp, at, block.Method, problem));
                return output is TupleValue ? Value.Unknown : TensorValue.AnyShape;
            }
        }

        if (MaskProblem(arguments, query, key) is { } maskProblem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleOp, at, block.Method, maskProblem));
            return output is TupleValue ? Value.Unknown : TensorValue.AnyShape;
        }

        if (output is TupleValue { Items.Count: 2 } tuple && key is { Rank: 3 })
        {
            return new TupleValue(new[] { tuple.Items[0], new TensorValue(new Shape(new[] { query.Dims[0], query.Dims[1], key.Dims[1] })) });
        }

        return output;
    }

    /// <summary>
    /// The masks against the query [B, T, E] and key [B, S, E]: the attention mask is [T, S] (or
    /// [B * heads, T, S]), the key padding mask [B, S]; PyTorch refuses anything else.
    /// </summary>
    private static string? MaskProblem(IReadOnlyList<Value> arguments, Shape query, Shape? key)
    {
        var length = key is { Rank: 3 } ? key.Dims[1] : Dim.Unknown;
        if (arguments.Count > 3 && arguments[3] is TensorValue { Shape: { } mask })
        {
            var expected = $"[T, S] = [{query.Dims[1]}, {length}] (or [B * heads, T, S])";
            if (mask.Rank is not (2 or 3) || Dim.ProvablyDifferent(mask.At(-2), query.Dims[1]) || Dim.ProvablyDifferent(mask.At(-1), length))
            {
                return $"its attention mask {mask} must be {expected} for the query {query} and key {key}";
            }
        }

        if (arguments.Count > 4 && arguments[4] is TensorValue { Shape: { } padding })
        {
            if (padding.Rank != 2 || Dim.ProvablyDifferent(padding.Dims[0], query.Dims[0]) || Dim.ProvablyDifferent(padding.Dims[1], length))
            {
                return $"its key padding mask {padding} must be [B, S] = [{query.Dims[0]}, {length}] for the query {query} and key {key}";
            }
        }

        return null;
    }
}
