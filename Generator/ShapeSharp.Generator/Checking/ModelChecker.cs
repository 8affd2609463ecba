using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Layers;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// Shape inference over a sequential model: runs each layer's rule on the incoming shape, collects
/// diagnostics, and resolves every size the emitted code needs.
/// </summary>
internal static class ModelChecker
{
    public static CheckedModel Check(ModelSpec spec)
    {
        var diagnostics = spec.Diagnostics.ToList();
        var symbols = new SymbolTable();
        var layers = new List<LayerPlan>();
        var inputs = new List<InputPlan>();
        var canEmit = spec.CanGenerate;
        var total = Dim.Of(0);
        Shape? shape = null;

        var input = spec.Inputs.Count > 0 ? spec.Inputs[0] : null;
        if (input is not null)
        {
            shape = ParseInput(input, diagnostics);
            canEmit &= shape is not null;
        }

        for (var i = 1; i < spec.Inputs.Count; i++)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, spec.Inputs[i].ShapeLocation, "Input", "a second [Input]",
                "needs a hand-written forward: a stack of layer attributes takes one input"));
            canEmit = false;
        }

        var customNames = new HashSet<string>(System.StringComparer.Ordinal) { "componentsRegistered", "defaultLoss", (input?.Name ?? "x") + "Dims" };
        string? previousSpatial = null;
        var lastKind = (string?)null;
        for (var index = 0; index < spec.Layers.Count && shape is not null; index++)
        {
            var layer = spec.Layers[index];
            var rule = LayerCatalog.Find(layer.Kind);
            if (rule is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, layer.Location, layer.Kind, "the attribute",
                    "is not a layer kind this version of ShapeSharp supports"));
                canEmit = false;
                break;
            }

            var context = new LayerContext(layer, shape, previousSpatial, diagnostics, symbols);
            LayerResult result;
            try
            {
                result = rule.Apply(context);
                total += result.Parameters;
            }
            catch (OverflowException)
            {
                // Sizes past 2^63 are a user error (a typo'd size), not a generator failure.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, layer.Location, layer.Kind, "the sizes",
                    $"overflow 64-bit integers on input {shape}"));
                canEmit = false;
                break;
            }

            canEmit &= context.Emittable;
            if (result.Output is null)
            {
                canEmit = false;
                break;
            }

            var (field, stateName) = Names(layer, index, customNames, diagnostics, ref canEmit);
            layers.Add(new LayerPlan(
                field,
                stateName,
                layer.Kind,
                rule.FieldType,
                result.Construction,
                result.Note,
                result.Output.ToString(),
                context.Code(result.Parameters),
                result.Parameters.IsConstant ? result.Parameters.Constant : null));
            shape = result.Output;
            previousSpatial = rule.IsSpatial ? layer.Kind : rule.IsTransparent ? previousSpatial : null;
            lastKind = layer.Kind;
        }

        var training = TrainingChecks.Plan(spec, shape, lastKind, diagnostics);

        if (input is not null)
        {
            inputs.Add(new InputPlan(
                input.Name ?? "x",
                shape is null ? input.Shape : ShapeText(input),
                GuardDims(input, symbols),
                DTypeCode(input.DType)));
        }

        if (spec.Layers.Count == 0)
        {
            if (spec.CanGenerate && spec.Diagnostics.Count == 0)
            {
                // Otherwise the user only sees that their class lacks forward.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelDeclaration, spec.Identifier, spec.Name,
                    "has [Input] but no layer attributes; add layers such as [Linear(10)]"));
            }

            canEmit = false;
        }

        canEmit &= !diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        var totalText = total.IsUnknown ? "0" : symbols.Rename(total.ToString());
        return new CheckedModel(
            spec.Namespace,
            spec.Name,
            spec.HintName,
            spec.ContainingTypes,
            symbols.EscapedParameters.ToEquatableArray(),
            inputs.ToEquatableArray(),
            layers.ToEquatableArray(),
            shape?.ToString() ?? "?",
            totalText,
            total.IsConstant ? total.Constant : null,
            training,
            diagnostics.ToEquatableArray(),
            canEmit);
    }

    private static Shape? ParseInput(InputSpec input, List<DiagnosticInfo> diagnostics)
    {
        var (shape, error) = ShapeParser.Parse(input.Shape);
        if (error is null)
        {
            return shape;
        }

        var location = input.ContentOffset >= 0
            ? input.ShapeLocation.Slice(input.ContentOffset + error.Offset, System.Math.Max(1, error.Length))
            : input.ShapeLocation;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnparseableShape, location, input.Shape,
            (error.Offset + 1).ToString(CultureInfo.InvariantCulture), error.Problem));
        return null;
    }

    private static string ShapeText(InputSpec input) => ShapeParser.Parse(input.Shape).Shape?.ToString() ?? input.Shape;

    private static string GuardDims(InputSpec input, SymbolTable symbols)
    {
        var shape = ShapeParser.Parse(input.Shape).Shape;
        if (shape is null)
        {
            return string.Empty;
        }

        return string.Join(", ", shape.Dims.Select(d =>
            d.IsConstant ? LayerContext.Literal(d.Constant)
            : !d.IsUnknown && symbols.IsParameter(d.ToString()) ? SymbolTable.Escape(d.ToString())
            : "global::ShapeSharp.InputGuard.Any"));
    }

    private static string? DTypeCode(string? dtype) => dtype switch
    {
        null => null,
        "UInt8" => "Byte",
        _ => dtype,
    };

    /// <summary>
    /// The C# field and state-dict key of a layer: <c>layers_3</c> / "3", or for <c>Name = "head"</c>
    /// the field <c>_head</c> (private-field style, so it can never hide a member of Module or one
    /// the generator writes) and the key "head". Custom names must be identifiers and unique.
    /// </summary>
    private static (string Field, string StateName) Names(AttributeSpec layer, int index, HashSet<string> used, List<DiagnosticInfo> diagnostics, ref bool canEmit)
    {
        var position = index.ToString(CultureInfo.InvariantCulture);
        var name = layer.Find("Name");
        if (name?.Value.Text is not { } custom)
        {
            return ("layers_" + position, position);
        }

        string? problem = null;
        if (!SyntaxFacts.IsValidIdentifier(custom))
        {
            problem = $"must be a C# identifier (it names the field and the state-dict entry), but is \"{custom}\"";
        }
        else if (!used.Add(custom))
        {
            problem = $"\"{custom}\" is already used by another layer or by the generated code; names must be unique";
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, name.Location, layer.Kind, "Name", problem));
            canEmit = false;
            return ("layers_" + position, position);
        }

        return ("_" + custom, custom);
    }
}
