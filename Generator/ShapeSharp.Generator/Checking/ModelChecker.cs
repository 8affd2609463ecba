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
        if (spec.IsComposite)
        {
            return CompositeChecker.Check(spec);
        }

        var subModels = SubModelLookup(spec);
        var diagnostics = spec.Diagnostics.ToList();
        WeightTies.RejectInStack(spec, diagnostics);
        var symbols = new SymbolTable();
        var layers = new List<LayerPlan>();
        var inputs = new List<InputPlan>();
        var canEmit = spec.CanGenerate;
        var total = Dim.Of(0);
        Shape? shape = null;
        string? lastKind = null;

        var input = spec.Inputs.Count > 0 ? spec.Inputs[0] : null;
        if (input is not null)
        {
            shape = ParseInput(input, ModelSizes.Of(spec), diagnostics);
            canEmit &= shape is not null;
            if (DTypeCode(input.DType) is null && spec.Layers.Count > 0 && Layers.LayerCatalog.Find(spec.Layers[0].Kind)?.TakesIndices == true)
            {
                // The guard would refuse every batch of ids at run time: say so now.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, input.ShapeLocation, "Input", "Dtype",
                    $"is {input.DType ?? "Float32 (the default)"}, but the first layer, {spec.Layers[0].Kind}, takes integer ids; declare Dtype = DType.Int64"));
            }
        }

        for (var i = 1; i < spec.Inputs.Count; i++)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, spec.Inputs[i].ShapeLocation, "Input", "a second [Input]",
                "needs a hand-written forward: a stack of layer attributes takes one input"));
            canEmit = false;
        }

        if (shape is not null)
        {
            // "layers." + the generated members' names: a custom layer name may not take them.
            var reserved = new HashSet<string>(StringComparer.Ordinal) { "layers.componentsRegistered", "layers.defaultLoss", "layers." + (input?.Name ?? "x") + "Dims" };
            var stack = new StackChecker(diagnostics, symbols, subModels, reserved).Run(spec.Layers, shape, "layers", single: false);
            layers.AddRange(stack.Plans);
            total = stack.Parameters;
            canEmit &= stack.Emittable;
            shape = stack.Output;
            lastKind = stack.LastKind;
        }

        var (fields, fieldParameters, fieldsEmittable) = new FieldChecker(spec, diagnostics).Finish(symbols, new[] { ("layers", "the layer stack (layers.0.weight, ...)") });
        canEmit &= fieldsEmittable;
        total += fieldParameters;
        var head = lastKind is null || spec.Layers.Count == 0 ? null : new Forward.Origin(lastKind, spec.Layers[spec.Layers.Count - 1].Location);
        var training = TrainingChecks.Plan(spec, shape, head, diagnostics);
        OutputCheck.Run(spec, shape, ShapeMaker(spec, layers, input) ?? head, diagnostics);

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
            canEmit)
        {
            Fields = fields.ToEquatableArray(),
            CountedAtRunTime = total.IsUnknown,
            SizeChecks = symbols.Requirements.ToEquatableArray(),
        };
    }

    /// <summary>The last layer that changed the shape (not the Sigmoid after it): what to change when the output is wrong.</summary>
    private static Forward.Origin? ShapeMaker(ModelSpec spec, List<LayerPlan> plans, InputSpec? input)
    {
        if (input is null || plans.Count != spec.Layers.Count)
        {
            return null;
        }

        for (var i = plans.Count - 1; i >= 0; i--)
        {
            var before = i == 0 ? ShapeText(input) : plans[i - 1].OutputShape;
            if (plans[i].OutputShape != before)
            {
                return new Forward.Origin(spec.Layers[i].Kind, spec.Layers[i].Location);
            }
        }

        return null;
    }

    /// <summary>The [Layer&lt;T&gt;] sub-models of a model, checked on demand and once each.</summary>
    internal static Func<string, CheckedModel?> SubModelLookup(ModelSpec spec)
    {
        var cache = new Dictionary<string, CheckedModel>(StringComparer.Ordinal);
        return name =>
        {
            if (cache.TryGetValue(name, out var done))
            {
                return done;
            }

            var sub = spec.SubModels.FirstOrDefault(m => m.FullName == name);
            if (sub is not null)
            {
                return cache[name] = Check(sub);
            }

            var compiled = spec.CompiledSubModels.FirstOrDefault(m => m.FullName == name);
            return compiled is null ? null : cache[name] = Described(compiled);
        };
    }

    /// <summary>
    /// A compiled model as a checked one with no layers of its own: what [Layer&lt;T&gt;] reads
    /// (input, output, sizes, parameter count, whether it maps one tensor to one) is all it needs.
    /// </summary>
    private static CheckedModel Described(CompiledModelSpec model) =>
        new(null, model.Name, model.Name + ".g.cs", EquatableArray<string>.Empty, model.Parameters,
            model.OneTensorInOut ? new[] { new InputPlan("x", model.InputShape, string.Empty, null) }.ToEquatableArray() : EquatableArray<InputPlan>.Empty,
            EquatableArray<LayerPlan>.Empty, model.OutputShape, string.Empty, model.ParameterCount, EquatableArray<TrainingPlan>.Empty,
            EquatableArray<DiagnosticInfo>.Empty, CanEmit: true);

    /// <summary>The declared shape, its symbols marked as sizes or free dims (<see cref="ModelSizes"/>); SS0008 when it does not parse.</summary>
    internal static Shape? ParseInput(InputSpec input, ISet<string> sizes, List<DiagnosticInfo> diagnostics) =>
        ParseDeclared(input.Shape, input.ShapeLocation, input.ContentOffset, sizes, diagnostics);

    /// <summary>An [Input] or [Output] shape, each symbol a size or a free dim; SS0008 at the bad dim when it does not parse.</summary>
    internal static Shape? ParseDeclared(string text, LocationInfo shapeLocation, int contentOffset, ISet<string> sizes, List<DiagnosticInfo> diagnostics)
    {
        var (shape, error) = ShapeParser.Parse(text);
        if (error is null)
        {
            return ModelSizes.Mark(shape!, sizes);
        }

        var location = contentOffset >= 0
            ? shapeLocation.Slice(contentOffset + error.Offset, System.Math.Max(1, error.Length))
            : shapeLocation;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnparseableShape, location, text,
            (error.Offset + 1).ToString(CultureInfo.InvariantCulture), error.Problem));
        return null;
    }

    internal static string ShapeText(InputSpec input) => ShapeParser.Parse(input.Shape).Shape?.ToString() ?? input.Shape;

    internal static string GuardDims(InputSpec input, SymbolTable symbols)
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

    /// <summary>The ScalarType an integer or bool input must have; null for a floating input, which must have the model's own dtype, whatever .to() made it.</summary>
    internal static string? DTypeCode(string? dtype) => dtype switch
    {
        null or "Float32" or "Float64" or "Float16" or "BFloat16" => null,
        "UInt8" => "Byte",
        _ => dtype,
    };
}
