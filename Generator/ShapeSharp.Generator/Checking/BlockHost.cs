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
/// The blocks of a composite model as the interpreter meets them: the first call sizes the block's
/// layers; a later call whose shape would size them differently is SS0021. Layer diagnostics are
/// reported once, from the sizing call. A dim the layers need that is not known at compile time
/// (after an op the checker does not know, or in a block forward never calls) is read from the
/// input at the block's first call at run time: the block is then lazy, as PyTorch's lazy modules.
/// </summary>
internal sealed class BlockHost : IBlockHost
{
    /// <summary>Ranks tried, in order, for a block whose input rank is unknown (the first its layers accept).</summary>
    private static readonly int[] GuessedRanks = { 4, 3, 2, 5, 1 };

    /// <summary>Problems a guessed input could cause; with an unknown input they prove nothing.</summary>
    private static readonly HashSet<string> InputProblems = new()
    {
        DiagnosticDescriptors.RankMismatch.Id, DiagnosticDescriptors.InputSizeMismatch.Id, DiagnosticDescriptors.NonPositiveDim.Id,
        DiagnosticDescriptors.CannotInferInputSize.Id, DiagnosticDescriptors.SizedByFreeDim.Id,
    };

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

    /// <param name="Input">The input the layers were sized for; runtime dims where the first call's were unknown.</param>
    /// <param name="RankGuessed">Even the rank was unknown: the output's rank is a guess, so the interpreter gets an unknown shape.</param>
    private sealed record Sized(Shape Input, StackResult Stack, string Signature, bool RankGuessed)
    {
        /// <summary>Some layer is built from a dim read at the first call.</summary>
        public bool Lazy => Stack.Plans.Any(p => RuntimeDims.In(p.Construction).Any());

        public bool HasRuntimeDims => Input.Dims.Any(RuntimeDims.Any);
    }

    /// <summary>The rules of a block's layers: each checks the block's form and its call's other arguments.</summary>
    private static IEnumerable<Layers.LayerRule> Rules(BlockSpec block) =>
        block.Layers.Select(l => Layers.LayerCatalog.Find(l.Kind)).OfType<Layers.LayerRule>();

    private Value AtCall(BlockSpec block, Value output, IReadOnlyList<Value> arguments, LocationInfo at) =>
        Rules(block).Aggregate(output, (value, rule) => rule.AtCall(block, value, arguments, at, _diagnostics));

    public bool IsBlock(string method) => _spec.Blocks.Any(b => b.Method == method);

    public Value Call(string method, IReadOnlyList<Value> arguments, LocationInfo at)
    {
        var block = _spec.Blocks.First(b => b.Method == method);
        var input = arguments.Count > 0 && arguments[0] is TensorValue { Shape: { } shape } ? shape : null;
        var spatial = arguments.Count > 0 && arguments[0] is TensorValue { Origin.SpatialKind: { } kind } ? kind : null;
        if (!_sized.TryGetValue(method, out var sized))
        {
            if (Rules(block).Select(r => r.BlockProblem(block)).FirstOrDefault(p => p is not null) is { } problem)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, block.Location, block.Method, "the block", problem));
                _sized[method] = Size(block, null, null, report: false);
                return Unknown(block);
            }

            var extra = arguments.Skip(1).Select(a => (a as TensorValue)?.Shape).ToList();
            _sized[method] = sized = Size(block, input, at, report: true, spatial, extra);
            if (!RecurrentState.Fits(block, sized.Stack, arguments, at, _diagnostics))
            {
                return Unknown(block);
            }

            return AtCall(block, Output(block, sized), arguments, at);
        }

        if (input is null || sized.HasRuntimeDims || input.Dims.Any(d => d.IsUnknown))
        {
            // Sized at run time on one side or the other: nothing to compare at compile time.
            return AtCall(block, Output(block, sized), arguments, at);
        }

        // Re-size on a scratch table: only whether the layers would be built differently matters.
        var scratch = new List<DiagnosticInfo>();
        var again = new StackChecker(scratch, new SymbolTable(), _subModels, new HashSet<string>())
            .Run(block.Layers, input, Snake(block.Method), single: true, extraInputs: arguments.Skip(1).Select(a => (a as TensorValue)?.Shape).ToList());
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

        return AtCall(block, Output(again, block, rankGuessed: false), arguments, at);
    }

    /// <summary>
    /// Sizes the block for <paramref name="input"/> (null: not even its rank is known). Unknown dims
    /// become runtime dims; an unknown rank is guessed as the first the layers accept, and then only
    /// problems that hold for any input (an invalid argument) are reported.
    /// </summary>
    private Sized Size(BlockSpec block, Shape? input, LocationInfo? at, bool report, string? inputSpatialKind = null, IReadOnlyList<Shape?>? extraInputs = null)
    {
        var rankGuessed = input is null;
        var shape = input is null ? Guess(block) : RuntimeDims.Fill(input, input.Rank);
        var found = new List<DiagnosticInfo>();
        var extra = extraInputs ?? block.Parameters.Skip(1).Select(_ => (Shape?)null).ToList();
        var stack = new StackChecker(found, _symbols, _subModels, _names).Run(block.Layers, shape, Snake(block.Method), single: true, callSite: at, inputSpatialKind, extra);
        if (report)
        {
            _diagnostics.AddRange(rankGuessed ? found.Where(d => !InputProblems.Contains(d.Descriptor.Id)) : found);
        }

        return new Sized(shape, stack, Signature(stack), rankGuessed);
    }

    private Shape Guess(BlockSpec block)
    {
        foreach (var rank in GuessedRanks)
        {
            var trial = RuntimeDims.Fill(null, rank);
            var scratch = new List<DiagnosticInfo>();
            var stack = new StackChecker(scratch, new SymbolTable(), _subModels, new HashSet<string>())
                .Run(block.Layers, trial, Snake(block.Method), single: true, extraInputs: block.Parameters.Skip(1).Select(_ => (Shape?)null).ToList());
            if (stack.Output is not null && scratch.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error))
            {
                return trial;
            }
        }

        return RuntimeDims.Fill(null, GuessedRanks[0]);
    }

    /// <summary>The block's plan once forward has been interpreted; a block forward never calls is sized at its first call, wherever that is.</summary>
    public (BlockPlan Plan, Dim Parameters)? Finish(BlockSpec block, ref bool canEmit)
    {
        if (!_sized.TryGetValue(block.Method, out var sized))
        {
            _sized[block.Method] = sized = Size(block, null, null, report: true);
        }

        canEmit &= sized.Stack.Emittable && sized.Stack.Output is not null;
        var returnsStates = ReturnsStates(block, sized.Stack);
        var plan = new BlockPlan(
            block.Method,
            block.Declaration,
            block.Parameters,
            Snake(block.Method),
            sized.Stack.Plans.Select(p => AtFirstCall(p, sized)).ToEquatableArray(),
            block.Layers.Count == 1,
            returnsStates,
            Display(sized.Input.ToString(), sized.RankGuessed),
            Display(sized.Stack.Output?.ToString() ?? "?", sized.RankGuessed))
        {
            RuntimeDims = sized.Lazy
                ? sized.Stack.Plans.SelectMany(p => RuntimeDims.In(p.Construction)).Distinct().OrderBy(RuntimeDims.FromEnd).ToEquatableArray()
                : EquatableArray<string>.Empty,
            InputChecks = sized.Stack.RuntimeChecks.Distinct().ToEquatableArray(),
        };
        return (plan, sized.Lazy ? Dim.Unknown : sized.Stack.Parameters);
    }

    /// <summary>A lazy layer's count depends on its input: the summary says when it is known.</summary>
    private static LayerPlan AtFirstCall(LayerPlan plan, Sized sized)
    {
        plan = plan with { OutputShape = Display(plan.OutputShape, sized.RankGuessed) };
        return RuntimeDims.In(plan.ParametersText).Any() ? plan with { ParametersText = "? (sized at the first call)", ParametersConstant = null } : plan;
    }

    /// <summary>A shape of a guessed rank shows only the dims it is sure of: [..., 16] rather than [?, ?, ?, 16].</summary>
    private static string Display(string shape, bool rankGuessed)
    {
        if (!rankGuessed)
        {
            return shape;
        }

        var shown = System.Text.RegularExpressions.Regex.Replace(shape, @"^\[(\?, )+", "[..., ");
        return shown.StartsWith("[..., ", StringComparison.Ordinal) || shown == "?" ? (shown.EndsWith("?]", StringComparison.Ordinal) ? "?" : shown) : shown;
    }

    private static bool ReturnsStates(BlockSpec block, StackResult stack) =>
        block.ReturnType.StartsWith("(", StringComparison.Ordinal) && stack.States.Count > 0;

    private static Value Output(BlockSpec block, Sized sized) => Output(sized.Stack, block, sized.RankGuessed);

    /// <summary>What the call gives the interpreter: the output with runtime dims unknown again, or nothing known when the rank was guessed.</summary>
    private static Value Output(StackResult stack, BlockSpec block, bool rankGuessed)
    {
        if (stack.Output is null || rankGuessed)
        {
            return Unknown(block);
        }

        var last = block.Layers[block.Layers.Count - 1];
        var output = new TensorValue(RuntimeDims.Forget(stack.Output), new Origin(last.Kind, last.Location, stack.SpatialKind));
        return ReturnsStates(block, stack)
            ? new TupleValue(new Value[] { output }.Concat(stack.States.Select(s => (Value)new TensorValue(RuntimeDims.Forget(s)))).ToList())
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
