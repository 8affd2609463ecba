using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// A recurrent block's second argument is its initial state: [layers * directions, B, hidden]
/// (a pair of them for LSTM), the shape its final state has. A state of another shape is SS0020
/// at the call, where a [B, hidden] tensor (no layer dim) is the usual slip.
/// </summary>
internal static class RecurrentState
{
    public static bool Fits(BlockSpec block, StackResult stack, IReadOnlyList<Value> arguments, LocationInfo at, List<DiagnosticInfo> diagnostics)
    {
        if (arguments.Count < 2 || stack.States.Count == 0 || block.Layers.Count != 1 || Layers.LayerCatalog.Find(block.Layers[0].Kind)?.HasStates != true)
        {
            return true;
        }

        var given = arguments[1] switch
        {
            TensorValue tensor => new[] { tensor },
            TupleValue tuple => tuple.Items.OfType<TensorValue>().ToArray(),
            _ => System.Array.Empty<TensorValue>(),
        };
        foreach (var (state, expected) in given.Zip(stack.States, (g, e) => (g, e)))
        {
            if (state.Shape is { } shape && Shape.ProvablyDifferent(shape, expected))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleOp, at, block.Method,
                    $"its initial state {shape} must be {expected} ([layers * directions, B, hidden], as its final state is)"));
                return false;
            }
        }

        return true;
    }
}
