using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// The blocks of a composite model as the interpreter meets them: the first call with a known
/// input shape sizes the block's layers; a later call whose shape would size them differently is
/// SS0021. Layer diagnostics are reported once, from the sizing call.
/// </summary>
internal sealed class BlockHost : IBlockHost
{
    private readonly ModelSpec _spec;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly SymbolTable _symbols;
    private readonly Func<string, CheckedModel?> _subModels;

    // Custom layer names (Name =) must be unique within each block; keys are block.name.
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sized> _sized = new(StringComparer.Ordinal);

    public BlockHost(ModelSpec spec, List<DiagnosticInfo> diagnostics, SymbolTable symbols, Func<string, CheckedModel?> subModels)
    {
        _spec = spec;
        _diagnostics = diagnostics;
        _symbols = symbols;
        _subModels = subModels;
    }

    private sealed record Sized(Shape Input, StackResult Stack, string Signature);

    public bool IsBlock(string method) => _spec.Blocks.Any(b => b.Method == method);

    public Value Call(string method, IReadOnlyList<Value> arguments, LocationInfo at)
    {
        var block = _spec.Blocks.First(b => b.Method == method);
        if (arguments.Count == 0 || arguments[0] is not TensorValue { Shape: { } input })
        {
            return Unknown(block);
        }

        if (!_sized.TryGetValue(method, out var sized))
        {
            if (!AttentionBlock.IsWellFormed(block, _diagnostics))
            {
                return Unknown(block);
            }

            var stack = new StackChecker(_diagnostics, _symbols, _subModels, _names).Run(block.Layers, input, Snake(block.Method), single: true, callSite: at);
            _sized[method] = sized = new Sized(input, stack, Signature(stack));
            return AttentionBlock.AtCall(block, Output(block, stack), arguments, at, _diagnostics);
        }

        // Re-size on a scratch table: only whether the layers would be built differently matters.
        var scratch = new List<DiagnosticInfo>();
        var again = new StackChecker(scratch, new SymbolTable(), _subModels, new HashSet<string>()).Run(block.Layers, input, Snake(block.Method), single: true);
        var signature = Signature(again);
        if (signature != sized.Signature && !signature.Contains("unknown") && again.Output is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockInputConflict, at, method, sized.Input.ToString(), input.ToString()));
            return Unknown(block);
        }

        if (again.Output is null && scratch.Count > 0 && sized.Stack.Output is not null)
        {
            // The layers cannot take this input at all: say so here, where the call is.
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockInputConflict, at, method, sized.Input.ToString(), input.ToString()));
            return Unknown(block);
        }

        return AttentionBlock.AtCall(block, Output(block, again), arguments, at, _diagnostics);
    }

    /// <summary>The block's plan once forward has been interpreted; SS0004 when no call sized it.</summary>
    public (BlockPlan Plan, Dim Parameters)? Finish(BlockSpec block, ref bool canEmit)
    {
        if (!_sized.TryGetValue(block.Method, out var sized))
        {
            canEmit = false;
            if (_diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                // An earlier error left its output unknown, which is why nothing sized this block:
                // that error is the one to fix, not a missing In =.
                return null;
            }

            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotInferInputSize, block.Location, block.Method,
                "the shape of its input", "(forward never calls it with a known shape)"));
            return null;
        }

        canEmit &= sized.Stack.Emittable && sized.Stack.Output is not null;
        var returnsStates = ReturnsStates(block, sized.Stack);
        var plan = new BlockPlan(
            block.Method,
            block.Declaration,
            block.Parameters,
            Snake(block.Method),
            sized.Stack.Plans.ToEquatableArray(),
            block.Layers.Count == 1,
            returnsStates,
            sized.Input.ToString(),
            sized.Stack.Output?.ToString() ?? "?");
        return (plan, sized.Stack.Parameters);
    }

    private static bool ReturnsStates(BlockSpec block, StackResult stack) =>
        block.ReturnType.StartsWith("(", StringComparison.Ordinal) && stack.States.Count > 0;

    private static Value Output(BlockSpec block, StackResult stack)
    {
        if (stack.Output is null)
        {
            return Unknown(block);
        }

        var output = new TensorValue(stack.Output);
        return ReturnsStates(block, stack)
            ? new TupleValue(new Value[] { output }.Concat(stack.States.Select(s => (Value)new TensorValue(s))).ToList())
            : output;
    }

    private static Value Unknown(BlockSpec block) =>
        block.ReturnType.StartsWith("(", StringComparison.Ordinal) ? Value.Unknown : TensorValue.AnyShape;

    private static string Signature(StackResult stack) => string.Join("|", stack.Plans.Select(p => p.Construction));

    /// <summary>Qkv -> qkv, AttnProj -> attn_proj: PyTorch's attribute naming, so state dicts line up.</summary>
    public static string Snake(string name)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
