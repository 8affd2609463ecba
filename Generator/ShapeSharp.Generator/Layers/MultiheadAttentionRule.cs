using System.Collections.Generic;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// MultiheadAttention on a batch-first query [B, T, E]: output [B, T, E]; attention weights
/// [B, T, S] (S, the key's length, is filled in at the call). Parameters: the packed in-projection
/// 3E x E (+ 3E bias) and the out-projection E x E (+ E bias). Its block takes three tensors
/// (query, key, value; then the two masks) where every other block takes one, so the rule checks
/// the block's form, and its key, value and masks at each call: the stack checker sees the query.
/// </summary>
internal sealed class MultiheadAttentionRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "MultiheadAttention";

    public override LayerResult Apply(LayerContext c)
    {
        var heads = c.Int("heads", 1, 1, "must be a positive number of heads");
        var dropout = c.Probability("Dropout", 0);
        var bias = c.Bool("Bias", true);

        if (!c.RequireRank(3))
        {
            return LayerResult.Failed;
        }

        var width = c.InputSize(-1, "its query width");
        if (width.IsConstant && width.Constant % heads != 0)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("heads"), Kind, "heads",
                $"must divide the width {width.Constant} of its query {c.Input}, but is {heads}");
        }

        var construction = Factory(new Arguments()
            .Add(c.Code(width))
            .Add(LayerContext.Literal(heads))
            .Named("dropout", dropout, 0)
            .Named("bias", bias, true).ToString());
        var parameters = width * width * 4 + (bias ? width * 4 : Dim.Of(0));
        var weights = new Shape(new[] { c.Input[0], c.Input[1], Dim.Unknown });
        return new LayerResult(c.Input, construction, parameters, c.Input.NoteAt(-1), States: new[] { weights });
    }

    /// <summary>The attention alone in its block, called with query, key and value (then optionally the masks).</summary>
    public override string? BlockProblem(BlockSpec block) =>
        block.Layers.Count != 1 ? "holds MultiheadAttention with other layers; give the attention a block of its own"
        : block.Parameters.Count is < 3 or > 5 ? "is a MultiheadAttention block, which takes (query, key, value), then optionally an attention mask and a key padding mask"
        : null;

    /// <summary>TorchSharp's MultiheadAttention is sequence-first ([T, B, E]); the block keeps ShapeSharp's batch-first shapes.</summary>
    public override IReadOnlyList<string> BlockBody(BlockPlan block)
    {
        var layer = block.Layers[0];
        var (query, key, value) = (block.Parameters[0].Name, block.Parameters[1].Name, block.Parameters[2].Name);
        var mask = block.Parameters.Count > 3 ? block.Parameters[3].Name : "null";
        var padding = block.Parameters.Count > 4 ? block.Parameters[4].Name : "null";
        var weights = block.ReturnsStates ? "true" : "false";
        return new[]
        {
            $"var __attention = {layer.Field}{(block.Lazy ? "!" : string.Empty)}.forward({query}.transpose(0, 1), {key}.transpose(0, 1), {value}.transpose(0, 1), {padding}, {weights}, {mask});",
            block.ReturnsStates ? $"return (__attention.Item1.transpose(0, 1), __attention.Item2);  // {layer.OutputShape}, [B, T, S]" : $"return __attention.Item1.transpose(0, 1);  // {layer.OutputShape}",
        };
    }

    /// <summary>
    /// The key and value against the query: same batch, the query's width (SS0020 at the call), and
    /// the key's length is the attention weights' last dim.
    /// </summary>
    public override Value AtCall(BlockSpec block, Value output, IReadOnlyList<Value> arguments, LocationInfo at, List<DiagnosticInfo> diagnostics)
    {
        if (arguments.Count < 3 || arguments[0] is not TensorValue { Shape: { Rank: 3 } query })
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
