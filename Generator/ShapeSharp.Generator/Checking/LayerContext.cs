using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// What a layer rule sees: its attribute, the incoming shape, typed argument access with validation,
/// and the reporting of diagnostics at the argument that explains them.
/// </summary>
internal sealed class LayerContext
{
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly SymbolTable _symbols;

    private readonly Func<string, CheckedModel?> _subModels;

    public LayerContext(AttributeSpec spec, Shape input, string? previousSpatialKind, List<DiagnosticInfo> diagnostics, SymbolTable symbols, Func<string, CheckedModel?> subModels, LocationInfo? callSite = null)
    {
        _subModels = subModels;
        CallSite = callSite;
        Spec = spec;
        Input = input;
        PreviousSpatialKind = previousSpatialKind;
        _diagnostics = diagnostics;
        _symbols = symbols;
    }

    public AttributeSpec Spec { get; }

    /// <summary>Sizes stated with In = for input dims only known at run time: the block checks them on entry.</summary>
    public List<DimCheck> RuntimeChecks { get; } = new();

    /// <summary>The block call whose input is being checked; null in the class-level stack, whose input is the declared one.</summary>
    public LocationInfo? CallSite { get; }

    public Shape Input { get; }

    /// <summary>
    /// The kind of the nearest earlier layer that is not transparent, when that layer is a conv or
    /// pool (SS0012 looks at it); null otherwise.
    /// </summary>
    public string? PreviousSpatialKind { get; }

    /// <summary>The conv or pool came from another block, through the call: SS0012 is then at the call.</summary>
    public bool PreviousFromCall { get; init; }

    /// <summary>The block call's other tensor arguments, for the first layer (a sub-model of several inputs); null where unknown.</summary>
    public IReadOnlyList<Shape?> ExtraInputs { get; init; } = Array.Empty<Shape?>();

    /// <summary>The layer is its block's only one (a block of a several-input sub-model must be).</summary>
    public bool OnlyLayer { get; init; }

    /// <summary>False once a size this layer needs is unknown: the model is then not emitted.</summary>
    public bool Emittable { get; private set; } = true;

    public bool HasErrors { get; private set; }

    public string Kind => Spec.Kind;

    /// <summary>A [Layer&lt;T&gt;] model by its fully qualified name, checked; null when it is not a model of this project.</summary>
    public CheckedModel? SubModel(string fullName) => _subModels(fullName);

    /// <summary>Makes a symbol a constructor parameter of the model and returns its C# name.</summary>
    public string UseSymbol(string symbol)
    {
        _symbols.Use(symbol);
        return SymbolTable.Escape(symbol);
    }

    public void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        Report(DiagnosticInfo.Create(descriptor, location, arguments));

    public void Report(DiagnosticInfo diagnostic)
    {
        _diagnostics.Add(diagnostic);
        if (diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            HasErrors = true;
            Emittable = false;
        }
    }

    /// <summary>
    /// A problem with the input this layer gets: in a block, reported at the call that passed it
    /// (where the user looks), naming the attribute argument it contradicts as an additional
    /// location; in the class-level stack, at that argument.
    /// </summary>
    public void ReportInput(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        ReportInput(DiagnosticInfo.Create(descriptor, location, arguments));

    public void ReportInput(DiagnosticInfo diagnostic) => Report(CallSite is null ? diagnostic : diagnostic.At(CallSite));

    /// <summary>Where an argument stands, or the attribute when it was not written.</summary>
    public LocationInfo LocationOf(string name) => Spec.Find(name)?.Location ?? Spec.Location;

    public bool Has(string name) => Spec.Find(name) is not null;

    /// <summary>An integer argument; <paramref name="min"/> is checked (SS0007 at the argument).</summary>
    public long Int(string name, long fallback, long min = long.MinValue, string? requirement = null)
    {
        var arg = Spec.Find(name);
        if (arg is null)
        {
            return fallback;
        }

        var value = arg.Value.Integer;
        if (value < min)
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, requirement ?? $"must be at least {min}, but is {value}");
            return fallback;
        }

        return value;
    }

    /// <summary>A required positive integer argument (a kernel, a size).</summary>
    public long RequiredPositive(string name)
    {
        var arg = Spec.Find(name);
        if (arg is null)
        {
            Report(DiagnosticDescriptors.InvalidArgument, Spec.Location, Kind, name, "is required");
            return 1;
        }

        return Int(name, 1, 1, $"must be positive, but is {arg.Value.Integer}");
    }

    public bool Bool(string name, bool fallback) => Spec.Find(name)?.Value.Boolean ?? fallback;

    /// <summary>A dropout probability: a real in [0, 1) (SS0007 otherwise, and the value is kept for the message only).</summary>
    public double Probability(string name, double fallback)
    {
        var p = Real(name, fallback);
        if (p < 0 || p >= 1)
        {
            Report(DiagnosticDescriptors.InvalidArgument, LocationOf(name), Kind, name, $"must be in [0, 1), but is {Literal(p)}");
        }

        return p;
    }

    /// <summary>A real argument; NaN and infinities are refused here (no layer takes them, and C# has no literal for them).</summary>
    public double Real(string name, double fallback)
    {
        if (Spec.Find(name) is not { } arg)
        {
            return fallback;
        }

        var value = arg.Value.Real;
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, "must be a finite number");
            return fallback;
        }

        return value;
    }

    public long[] Ints(string name) => Spec.Find(name)?.Value.Integers.ToArray() ?? Array.Empty<long>();

    /// <summary>
    /// A size argument: a positive integer, or a string naming a symbol that becomes a constructor
    /// parameter of the model.
    /// </summary>
    public Dim Size(string name)
    {
        var arg = Spec.Find(name);
        if (arg is null)
        {
            Report(DiagnosticDescriptors.InvalidArgument, Spec.Location, Kind, name, "is required");
            return Dim.Unknown;
        }

        if (arg.Value.Kind == ArgKind.Text)
        {
            var symbol = arg.Value.Text ?? string.Empty;
            return SyntaxFacts.IsValidIdentifier(symbol) ? Dim.Symbol(symbol) : SizeExpression(name, arg, symbol);
        }

        if (arg.Value.Integer <= 0)
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, $"must be positive, but is {arg.Value.Integer}");
            return Dim.Unknown;
        }

        return Dim.Of(arg.Value.Integer);
    }

    /// <summary>
    /// A size written as an expression over model sizes ("C / 8", "4 * D", "D / Heads"): checked now
    /// where its values are known, otherwise by the generated constructor (divides, positive).
    /// </summary>
    public Dim SizeExpression(string name, ArgSpec arg, string text)
    {
        var (size, divisions) = ShapeParser.ParseSize(text);
        if (divisions.FirstOrDefault(d => d.Divisor.IsConstant && d.Divisor.Constant <= 0) is { Divisor: { } zero })
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, $"divides by {zero}, which must be positive, in \"{text}\"");
            return Dim.Unknown;
        }

        if (size is null)
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name,
                $"must be a positive integer, a model size name, or an expression over them such as \"C / 8\" or \"4 * D\", but is \"{text}\"");
            return Dim.Unknown;
        }

        var where = $"{Kind}'s {name} \"{text}\"";
        foreach (var (numerator, divisor) in divisions)
        {
            if (numerator.IsConstant && divisor.IsConstant)
            {
                if (numerator.Constant % divisor.Constant != 0)
                {
                    Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, $"is \"{text}\", but {numerator} is not a multiple of {divisor}");
                    return Dim.Unknown;
                }
            }
            else
            {
                RequireDivisible(where, numerator, divisor);
            }
        }

        if (size.IsConstant && size.Constant <= 0)
        {
            Report(DiagnosticDescriptors.InvalidArgument, arg.Location, Kind, name, $"is \"{text}\", which is {size}; a size must be positive");
            return Dim.Unknown;
        }

        if (!size.IsConstant)
        {
            _symbols.RequirePositive(where, size);
        }

        return size;
    }

    /// <summary>
    /// <paramref name="numerator"/> must be a multiple of the size <paramref name="divisor"/>: checked
    /// by the generated constructor (and at a sub-model's use where its values are known), unless the
    /// algebra proves it.
    /// </summary>
    public void RequireDivisible(string where, Dim numerator, Dim divisor) => _symbols.RequireDivisible(where, numerator, divisor);

    /// <summary>SS0002 unless the input's rank is one of <paramref name="ranks"/>.</summary>
    public bool RequireRank(params int[] ranks)
    {
        if (ranks.Contains(Input.Rank))
        {
            return true;
        }

        var accepted = ranks.Length == 1
            ? ranks[0].ToString(CultureInfo.InvariantCulture)
            : string.Join(" or ", ranks.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        ReportInput(DiagnosticDescriptors.RankMismatch, Spec.Location, Kind, accepted, Input.ToString(), Input.Rank.ToString(CultureInfo.InvariantCulture));
        return false;
    }

    /// <summary>
    /// The input size a layer is built for (features or channels) at <paramref name="axis"/>: the
    /// inferred dim, checked against an explicit In = (SS0001); SS0004 when it cannot be known.
    /// </summary>
    public Dim InputSize(int axis, string what)
    {
        var inferred = Input.At(axis);
        var stated = Spec.Find("In");
        if (stated is not null && stated.Value.Integer > 0)
        {
            var explicitSize = Dim.Of(stated.Value.Integer);
            if (Dim.ProvablyDifferent(explicitSize, inferred))
            {
                var mismatch = DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeMismatch, stated.Location, Kind, "In", explicitSize.ToString(), inferred.ToString(), Input.ToString());
                ReportInput(inferred.IsConstant ? mismatch.With(DiagnosticInfo.InferredKey, Literal(inferred.Constant)) : mismatch);
            }
            else if (inferred.Symbols.ToList() is [var symbol] && RuntimeDims.Is(symbol) && inferred.Equals(Dim.Symbol(symbol)))
            {
                // A dim of the block's input the checker could not know: In = is checked when the block runs.
                RuntimeChecks.Add(new DimCheck(RuntimeDims.FromEnd(symbol), stated.Value.Integer));
            }

            return explicitSize;
        }

        if (stated is not null)
        {
            Report(DiagnosticDescriptors.InvalidArgument, stated.Location, Kind, "In", $"must be positive, but is {stated.Value.Integer}");
        }

        if (inferred.IsUnknown)
        {
            Report(DiagnosticDescriptors.CannotInferInputSize, Spec.Location, Kind, what, Input.ToString());
        }
        else if (inferred.HasFreeSymbols)
        {
            ReportSizedByFreeDim(what, inferred);
        }

        return inferred;
    }

    /// <summary>
    /// SS0022, once per layer: a size the layer is built with would vary with a free input dim (a
    /// Linear whose features are the sequence length T), so it fits one value of that dim only.
    /// </summary>
    public void ReportSizedByFreeDim(string what, Dim size)
    {
        if (_sizedByFreeDim)
        {
            return;
        }

        _sizedByFreeDim = true;
        ReportInput(DiagnosticDescriptors.SizedByFreeDim, Spec.Location, Kind, what, Input.ToString(), size.ToString(), string.Join(", ", size.FreeSymbols));
    }

    private bool _sizedByFreeDim;

    /// <summary>SS0003 when a spatial dim is provably non-positive; true when it is fine.</summary>
    public bool CheckPositive(Dim dim, string dimName, Shape output, string blameArgument)
    {
        if (!dim.ProvablyNonPositive)
        {
            return true;
        }

        ReportInput(DiagnosticDescriptors.NonPositiveDim, LocationOf(blameArgument), Kind, dimName, Input.ToString(), output.ToString());
        return false;
    }

    /// <summary>The C# expression of a size: a literal, or an expression over constructor parameters.</summary>
    public string Code(Dim dim)
    {
        if (dim.HasFreeSymbols)
        {
            // A layer rule sizing itself from the input without InputSize (a sub-model's bound size).
            ReportSizedByFreeDim("a size", dim);
            return "0 /* free dim */";
        }

        return dim.IsUnknown ? "0 /* unknown */" : _symbols.Code(dim);
    }

    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
    }

    public static string Literal(bool value) => value ? "true" : "false";
}
