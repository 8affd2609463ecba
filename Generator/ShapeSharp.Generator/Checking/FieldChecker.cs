using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// The model's own fields that it registers: modules, parameters and tensors the user declared, and
/// [Learned] tensors the generated constructor creates. Before forward is interpreted it tells the
/// interpreter the shapes it knows (a readonly field's initialiser, a [Learned] shape); after the
/// blocks are sized it sizes the learned tensors, counts what it can, and plans registration.
/// </summary>
internal sealed class FieldChecker
{
    private const string Attribute = "Learned";
    private static readonly string[] Initialisations = { "Fill", "Normal", "TruncatedNormal", "Uniform" };

    private readonly ModelSpec _spec;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<string, Value> _values = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, Shape> _learned = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Dim Numerator, Dim Divisor)>> _learnedDivisions = new(System.StringComparer.Ordinal);
    private static readonly char[] SizeOperators = { '+', '-', '*', '/', '(' };
    private readonly Dictionary<string, Shape?> _initialised = new(System.StringComparer.Ordinal);
    private bool _emittable = true;

    public FieldChecker(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        _spec = spec;
        _diagnostics = diagnostics;
        foreach (var field in spec.Fields)
        {
            if (field.Learned is { } learned)
            {
                ReadLearned(field, learned);
            }
            else if (field.Initializer is { } initializer)
            {
                var shape = (Evaluate(field, initializer) as TensorValue)?.Shape;
                _initialised[field.Name] = shape;
                if (shape is not null && field.IsReadOnly)
                {
                    _values[field.Name] = new TensorValue(shape);
                }
            }
        }
    }

    /// <summary>What forward may read: the fields whose shape is known.</summary>
    public IReadOnlyDictionary<string, Value> Values => _values;

    /// <summary>
    /// Sizes the learned tensors (their names become constructor parameters, as layer sizes do) and
    /// plans every registered field. <paramref name="stacks"/> are the names the generated code
    /// registers containers under (layers, qkv), which a field's name must not take.
    /// </summary>
    public (List<FieldPlan> Plans, Dim Parameters, bool Emittable) Finish(SymbolTable symbols, IEnumerable<(string Name, string Owner)> stacks)
    {
        var plans = new List<FieldPlan>();
        var total = Dim.Of(0);
        var taken = stacks.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Owner, System.StringComparer.Ordinal);
        foreach (var field in _spec.Fields)
        {
            if ((field.Learned is not null ? PlanLearned(field, symbols) : PlanDeclared(field)) is not { } planned)
            {
                continue;
            }

            var (plan, count) = planned;
            if (taken.TryGetValue(plan.StateName, out var owner))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, field.Location, field.Name, "the field",
                    $"is registered under its name '{plan.StateName}', which {owner} is registered under; rename the field"));
                _emittable = false;
                continue;
            }

            plans.Add(plan);
            total += count;
        }

        return (plans, total, _emittable);
    }

    private void ReadLearned(FieldSpec field, LearnedSpec learned)
    {
        string? problem = null;
        if (field.IsStatic)
        {
            problem = $"is on '{field.Name}', which is static or const; a learned tensor belongs to each model";
        }
        else if (field.Kind != FieldKind.Parameter || field.TypeName != "Parameter")
        {
            problem = $"is on '{field.Name}', declared {field.TypeName}; declare it TorchSharp.Modules.Parameter (the constructor assigns the tensor it creates)";
        }
        else if (field.HasInitializer)
        {
            problem = $"creates '{field.Name}' in the generated constructor, so the field must not have an initialiser; remove it";
        }

        if (problem is not null)
        {
            Fail(learned.Location, "the field", problem);
            return;
        }

        // Dims may be size expressions ("C * Expand, 1, 3, 3"); anything else reads as an [Input] shape, with its errors.
        var (expressions, divisions) = learned.Shape.IndexOfAny(SizeOperators) >= 0 ? ShapeParser.ParseSizes(learned.Shape) : (null, System.Array.Empty<(Dim, Dim)>());
        var shape = expressions is not null
            ? ModelSizes.Mark(expressions, ModelSizes.Of(_spec))
            : ModelChecker.ParseInput(new InputSpec(learned.Shape, null, null, learned.ShapeLocation, learned.ContentOffset), ModelSizes.Of(_spec), _diagnostics);
        if (divisions.FirstOrDefault(d => d.Divisor.IsConstant && (d.Divisor.Constant <= 0 || d.Numerator.IsConstant && d.Numerator.Constant % d.Divisor.Constant != 0)) is { Divisor: { } divisor } bad)
        {
            Fail(learned.ShapeLocation, "the shape", $"\"{learned.Shape}\" divides {bad.Numerator} by {divisor}, which does not give a whole size");
            return;
        }

        if (shape is not null && shape.Dims.FirstOrDefault(d => d.IsConstant && d.Constant <= 0) is { } nonPositive)
        {
            Fail(learned.ShapeLocation, "the shape", $"\"{learned.Shape}\" has a dim of {nonPositive}; each dim must be positive");
            return;
        }

        if (shape is null)
        {
            _emittable = false;
            return;
        }

        if (shape.Dims.Any(d => d.IsUnknown))
        {
            Fail(Token(learned, "?"), "the shape",
                $"\"{learned.Shape}\" has an unknown dim (?); a learned tensor is created with the model, so each dim must be a constant or a model size");
            return;
        }

        var given = learned.Args.Where(a => !a.Positional && Initialisations.Contains(a.Name)).ToList();
        foreach (var extra in given.Skip(1))
        {
            Fail(extra.Location, extra.Name, $"initialises '{field.Name}' a second time ({given[0].Name} already does); give one of {string.Join(", ", Initialisations)}");
        }

        foreach (var option in given.Take(1))
        {
            var value = option.Value.Kind == ArgKind.Integer ? option.Value.Integer : option.Value.Real;
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                Fail(option.Location, option.Name, "must be a finite number");
            }
            else if (option.Name != "Fill" && value <= 0)
            {
                Fail(option.Location, option.Name, $"is a {(option.Name == "Uniform" ? "bound" : "standard deviation")} and must be positive, but is {LayerContext.Literal(value)}");
            }
        }

        _learned[field.Name] = shape;
        _learnedDivisions[field.Name] = divisions.Where(d => !(d.Numerator.IsConstant && d.Divisor.IsConstant)).ToList();
        _values[field.Name] = new TensorValue(shape);
    }

    private (FieldPlan Plan, Dim Count)? PlanLearned(FieldSpec field, SymbolTable symbols)
    {
        if (!_learned.TryGetValue(field.Name, out var shape))
        {
            return null;
        }

        var inputs = ModelSizes.InputSymbols(_spec);
        foreach (var symbol in shape.Dims.SelectMany(d => d.Symbols).Distinct())
        {
            if (inputs.Contains(symbol) && !symbols.IsParameter(symbol))
            {
                Fail(Token(field.Learned!, symbol), "the shape",
                    $"\"{field.Learned!.Shape}\" uses {symbol}, a dim of [Input] that is free at run time; a learned tensor is sized once, with the model: write a constant or a model size (a name not in [Input])");
                return null;
            }

            symbols.Use(symbol);
        }

        var where = $"[Learned] {field.Name} \"{field.Learned!.Shape}\"";
        foreach (var (numerator, divisor) in _learnedDivisions[field.Name])
        {
            symbols.RequireDivisible(where, numerator, divisor);
        }

        foreach (var dim in shape.Dims.Where(d => !d.IsConstant && d.ToString() != d.Symbols.FirstOrDefault()))
        {
            symbols.RequirePositive(where, dim);
        }

        var count = shape.Dims.Aggregate(Dim.Of(1), (product, dim) => product * dim);
        var dims = string.Join(", ", shape.Dims.Select(d => d.IsConstant ? LayerContext.Literal(d.Constant) : symbols.Rename(d.ToString())));
        return (new FieldPlan(SymbolTable.Escape(field.Name), field.Name, FieldKind.Parameter, "Parameter", shape.ToString(),
            symbols.Rename(count.ToString()), count.IsConstant ? count.Constant : null, Creation(field.Learned!, dims)), count);
    }

    /// <summary>A field the user initialised: registered as TorchSharp would, counted when its shape is known.</summary>
    private (FieldPlan Plan, Dim Count)? PlanDeclared(FieldSpec field)
    {
        if (field.Kind is not { } kind || field.IsStatic || !field.HasInitializer)
        {
            // Without an initialiser the field is null when RegisterComponents runs (it runs in the
            // constructor, before OnCreated), so there is nothing to register.
            return null;
        }

        var shape = _initialised.TryGetValue(field.Name, out var known) ? known : null;
        var parameter = kind == FieldKind.Parameter || kind == FieldKind.Tensor && field.HoldsParameter;
        Dim count = kind == FieldKind.Module ? Dim.Unknown
            : !parameter ? Dim.Of(0)
            : shape is not null && shape.Dims.All(d => d.IsConstant) ? Dim.Of(shape.Dims.Aggregate(1L, (p, d) => p * d.Constant))
            : Dim.Unknown;
        var summaryKind = kind == FieldKind.Module ? field.TypeName : parameter ? "Parameter" : "Buffer";
        return (new FieldPlan(SymbolTable.Escape(field.Name), field.Name, kind, summaryKind, shape?.ToString() ?? "?",
            count.IsUnknown ? "?" : count.ToString(), count.IsConstant ? count.Constant : null, null), count);
    }

    /// <summary>The C# that creates a learned tensor, as PyTorch code would write it.</summary>
    private static string Creation(LearnedSpec learned, string dims)
    {
        const string Torch = "global::TorchSharp.torch.";
        var size = "new long[] { " + dims + " }";
        var empty = $"{Torch}empty({size})";
        var option = learned.Args.FirstOrDefault(a => !a.Positional && Initialisations.Contains(a.Name));
        var value = option is null ? 0 : option.Value.Kind == ArgKind.Integer ? option.Value.Integer : option.Value.Real;
        var tensor = option?.Name switch
        {
            "Normal" => $"{Torch}nn.init.normal_({empty}, std: {LayerContext.Literal(value)})",
            // TorchSharp 0.107's own trunc_normal_ fills every element with std.
            "TruncatedNormal" => $"global::ShapeSharp.Modules.Init.trunc_normal_({empty}, std: {LayerContext.Literal(value)}, a: {LayerContext.Literal(-2 * value)}, b: {LayerContext.Literal(2 * value)})",
            "Uniform" => $"{Torch}nn.init.uniform_({empty}, low: {LayerContext.Literal(-value)}, high: {LayerContext.Literal(value)})",
            _ when value == 0 => $"{Torch}zeros({size})",
            _ when value == 1 => $"{Torch}ones({size})",
            _ => $"{Torch}nn.init.constant_({empty}, {LayerContext.Literal(value)})",
        };
        return $"new global::TorchSharp.Modules.Parameter({tensor})";
    }

    /// <summary>The initialiser's value: what the interpreter makes of it, with no locals, blocks or helpers.</summary>
    private Value Evaluate(FieldSpec field, Expr initializer)
    {
        var code = new MethodCode(field.Name, EquatableArray<string>.Empty,
            new BlockStmt(new Stmt[] { new ReturnStmt(initializer) }.ToEquatableArray()), field.Location);
        return new Interpreter(new List<MethodCode>(), NoBlocks.Instance, _diagnostics).Run(code, new List<Value>());
    }

    private void Fail(LocationInfo location, string argument, string problem)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, Attribute, argument, problem));
        _emittable = false;
    }

    /// <summary>A dim's token inside the shape string, or the whole argument when the string is not a literal.</summary>
    private static LocationInfo Token(LearnedSpec learned, string token)
    {
        var pattern = token == "?" ? @"\?" : @"(?<![A-Za-z0-9_])" + Regex.Escape(token) + @"(?![A-Za-z0-9_])";
        var match = Regex.Match(learned.Shape, pattern);
        return learned.ContentOffset >= 0 && match.Success
            ? learned.ShapeLocation.Slice(learned.ContentOffset + match.Index, match.Length)
            : learned.ShapeLocation;
    }

    /// <summary>An initialiser calls no block.</summary>
    private sealed class NoBlocks : IBlockHost
    {
        public static readonly NoBlocks Instance = new();

        public bool IsBlock(string method) => false;

        public Value Call(string method, IReadOnlyList<Value> arguments, LocationInfo at) => Value.Unknown;
    }
}
