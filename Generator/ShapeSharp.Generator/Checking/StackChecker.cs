using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Layers;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>What running a stack of layers on an input shape gives.</summary>
internal sealed class StackResult
{
    public List<LayerPlan> Plans { get; } = new();

    /// <summary>The output shape, or null when an error made it unknowable.</summary>
    public Shape? Output { get; set; }

    /// <summary>A recurrent last layer's final states (h, and c for LSTM).</summary>
    public IReadOnlyList<Shape> States { get; set; } = Array.Empty<Shape>();

    public string? LastKind { get; set; }

    /// <summary>The conv or pool the output comes from, through shape-keeping layers (SS0012 looks at it); null otherwise.</summary>
    public string? SpatialKind { get; set; }

    public Dim Parameters { get; set; } = Dim.Of(0);

    /// <summary>In = sizes of input dims known only at run time, checked when the block runs.</summary>
    public List<DimCheck> RuntimeChecks { get; } = new();

    public bool Emittable { get; set; } = true;
}

/// <summary>
/// Shape inference over a sequential stack (the class-level stack or a block): runs each layer's
/// rule on the incoming shape, collects diagnostics, and resolves every size the emitted code needs.
/// </summary>
internal sealed class StackChecker
{
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly SymbolTable _symbols;
    private readonly Func<string, CheckedModel?> _subModels;
    private readonly HashSet<string> _names;

    public StackChecker(List<DiagnosticInfo> diagnostics, SymbolTable symbols, Func<string, CheckedModel?> subModels, HashSet<string> names)
    {
        _diagnostics = diagnostics;
        _symbols = symbols;
        _subModels = subModels;
        _names = names;
    }

    /// <param name="prefix">Field prefix: layers_0 for the class stack, qkv_0 for block Qkv.</param>
    /// <param name="single">A one-layer block: its field is the prefix itself and has no index.</param>
    /// <param name="callSite">The block call being checked, where input problems are reported; null for the class-level stack.</param>
    /// <param name="inputSpatialKind">The conv or pool that made a block's input in another block, for SS0012 at the call.</param>
    /// <param name="extraInputs">A block call's other tensor arguments, which a several-input sub-model takes.</param>
    public StackResult Run(EquatableArray<AttributeSpec> layers, Shape input, string prefix, bool single, LocationInfo? callSite = null, string? inputSpatialKind = null,
        IReadOnlyList<Shape?>? extraInputs = null)
    {
        var result = new StackResult();
        Shape? shape = input;
        var previousSpatial = inputSpatialKind;
        for (var index = 0; index < layers.Count && shape is not null; index++)
        {
            var layer = layers[index];
            var rule = LayerCatalog.Find(layer.Kind);
            if (rule is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, layer.Location, layer.Kind, "the attribute",
                    "is not a layer kind this version of ShapeSharp supports"));
                result.Emittable = false;
                shape = null;
                break;
            }

            var context = new LayerContext(layer, shape, previousSpatial, _diagnostics, _symbols, _subModels, callSite)
            {
                PreviousFromCall = index == 0 && inputSpatialKind is not null,
                ExtraInputs = index == 0 && extraInputs is not null ? extraInputs : Array.Empty<Shape?>(),
                OnlyLayer = layers.Count == 1,
            };
            LayerResult applied;
            try
            {
                applied = rule.Apply(context);
                result.Parameters += applied.Parameters;
            }
            catch (OverflowException)
            {
                // Sizes past 2^63 are a user error (a typo'd size), not a generator failure.
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, layer.Location, layer.Kind, "the sizes",
                    $"overflow 64-bit integers on input {shape}"));
                result.Emittable = false;
                shape = null;
                break;
            }

            result.Emittable &= context.Emittable;
            result.RuntimeChecks.AddRange(context.RuntimeChecks);
            if (applied.Output is null)
            {
                result.Emittable = false;
                shape = null;
                break;
            }

            var (field, stateName) = Names(layer, index, prefix, single && layers.Count == 1, result);
            result.Plans.Add(new LayerPlan(
                field,
                stateName,
                layer.Kind,
                applied.FieldType ?? rule.FieldType,
                applied.Construction,
                applied.Note,
                applied.Output.ToString(),
                context.Code(applied.Parameters),
                applied.Parameters.IsConstant ? applied.Parameters.Constant : null,
                applied.Weight?.ToString(),
                Through: applied.Through));
            shape = applied.Output;
            result.States = applied.States ?? Array.Empty<Shape>();
            previousSpatial = rule.IsSpatial ? layer.Kind : rule.IsTransparent ? previousSpatial : null;
            result.LastKind = layer.Kind;
            result.SpatialKind = previousSpatial;
        }

        result.Output = shape;
        return result;
    }

    /// <summary>
    /// The C# field and state-dict key of a layer: <c>layers_3</c> / "3", or for <c>Name = "head"</c>
    /// the field <c>_head</c> (private-field style, so it can never hide a member of Module or one
    /// the generator writes) and the key "head". Custom names must be identifiers and unique.
    /// </summary>
    private (string Field, string StateName) Names(AttributeSpec layer, int index, string prefix, bool single, StackResult result)
    {
        var position = index.ToString(CultureInfo.InvariantCulture);
        var fallback = single ? (SymbolTable.Escape(prefix), string.Empty) : (prefix + "_" + position, position);
        var name = layer.Find("Name");
        if (name?.Value.Text is not { } custom || single)
        {
            return fallback;
        }

        string? problem = null;
        if (!SyntaxFacts.IsValidIdentifier(custom))
        {
            problem = $"must be a C# identifier (it names the field and the state-dict entry), but is \"{custom}\"";
        }
        else if (!_names.Add(prefix + "." + custom))
        {
            problem = $"\"{custom}\" is already used by another layer or by the generated code; names must be unique";
        }

        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, name.Location, layer.Kind, "Name", problem));
            result.Emittable = false;
            return fallback;
        }

        return (prefix == "layers" ? "_" + custom : prefix + "_" + custom, custom);
    }
}
