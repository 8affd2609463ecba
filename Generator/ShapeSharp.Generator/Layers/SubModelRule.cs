using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// [Layer&lt;T&gt;(Repeat = n)]: another model of the project as a layer. Its declared input is
/// matched against the incoming shape (SS0001 on a provable difference); its symbols bind to the
/// incoming dims, so its inferred output continues in the caller's terms.
/// </summary>
internal sealed class SubModelRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string FullNote => "a sub-model takes float32 and makes its own casts";

    private const string TensorType = "global::TorchSharp.torch.Tensor";
    private const string SizesArgument = "Sizes";

    public override string Kind => "Layer";

    /// <summary>A model of several inputs takes every tensor of its block (it is then the block's only layer).</summary>
    public override bool TakesBlockArguments => true;

    public override LayerResult Apply(LayerContext c)
    {
        var name = c.Spec.Find("Model")?.Value.Text ?? string.Empty;
        var where = c.LocationOf("Model");
        var model = c.SubModel(name);
        var repeat = c.Int("Repeat", 1, 1);
        if (model is null)
        {
            // The parser has said why (not a ShapeSharp model, or nested too deep).
            return LayerResult.Failed;
        }

        if (!model.CanEmit)
        {
            // Its own diagnostics say why; the caller cannot be built on it.
            return new LayerResult(null, string.Empty, Dim.Unknown);
        }

        var returnsTensor = model.Composite is null || model.Composite.BaseType.EndsWith(", " + TensorType + ">", System.StringComparison.Ordinal);
        if (model.Inputs.Count == 0 || !returnsTensor || model.Inputs.Count > 1 && model.Composite is null)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, where, Kind, "the model", $"'{model.Name}' must return one tensor to be used as a layer");
            return LayerResult.Failed;
        }

        if (model.Inputs.Count != 1 + c.ExtraInputs.Count || model.Inputs.Count > 1 && (repeat > 1 || !c.OnlyLayer))
        {
            var problem = model.Inputs.Count > 1 && (repeat > 1 || !c.OnlyLayer)
                ? $"'{model.Name}' takes {model.Inputs.Count} tensors, so it must be its block's only layer, without Repeat"
                : $"'{model.Name}' takes {model.Inputs.Count} tensor(s) ({string.Join("; ", model.Inputs.Select(i => i.Name + " " + i.Shape))}); declare its block with as many Tensor parameters";
            c.Report(DiagnosticDescriptors.InvalidArgument, where, Kind, "the model", problem);
            return LayerResult.Failed;
        }

        var bindings = new Dictionary<string, Dim>();
        for (var i = 0; i < model.Inputs.Count; i++)
        {
            var declared = ShapeParser.ParseWritten(model.Inputs[i].Shape);
            var actual = i == 0 ? c.Input : c.ExtraInputs[i - 1];
            if (declared is null)
            {
                return LayerResult.Failed;
            }

            if (actual is not null && (declared.Rank != actual.Rank || declared.Dims.Zip(actual.Dims, (d, a) => Bind(d, a, bindings)).Any(ok => !ok)))
            {
                var what = model.Inputs.Count == 1 ? "[Input]" : $"[Input] {model.Inputs[i].Name}";
                c.ReportInput(DiagnosticDescriptors.InputSizeMismatch, where, model.Name, what, declared.ToString(), actual.ToString(), "at this call");
                return LayerResult.Failed;
            }
        }

        if (!Give(c, model, bindings) || !Satisfied(c, model, bindings))
        {
            return LayerResult.Failed;
        }

        // A size neither bound nor given is the caller's size of that name, also in the output.
        foreach (var size in model.Parameters.Select(p => p.TrimStart('@')).Where(p => !bindings.ContainsKey(p)))
        {
            bindings[size] = Dim.Symbol(size);
        }

        var produced = ShapeParser.ParseWritten(model.OutputShape);

        var output = produced is null || model.OutputShape == "?"
            ? new Shape(c.Input.Dims.Select(_ => Dim.Unknown))
            : new Shape(produced.Dims.Select(d => Substitute(d, bindings)));
        if (repeat > 1 && Shape.ProvablyDifferent(output, c.Input))
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Repeat"), Kind, "Repeat",
                $"stacks copies of '{model.Name}', whose output {output} must then equal its input {c.Input}");
            return LayerResult.Failed;
        }

        var arguments = string.Join(", ", model.Parameters.Select(p => Argument(c, model.Name, p.TrimStart('@'), bindings)));
        // The name is the model's fully qualified type (global::Ns.Outer.Model), as the parser read it from Layer<T>.
        var creation = "new " + name + "(" + arguments + ")";
        var construction = repeat > 1 ? $"new global::ShapeSharp.Modules.Repeated<{name}>({repeat}, () => {creation})" : creation;
        var fieldType = repeat > 1 ? $"global::ShapeSharp.Modules.Repeated<{name}>" : name;
        var parameters = model.ParameterCountConstant is { } count ? Dim.Of(count * repeat)
            : ShapeParser.ParseWritten(model.ParameterCountText) is { Rank: 1 } formula && !model.CountedAtRunTime ? Substitute(formula[0], bindings) * repeat
            : Dim.Unknown;
        return new LayerResult(output, construction, parameters, FieldType: fieldType);
    }

    /// <summary>
    /// Sizes = "Out = 128, Reduction = 4": this use's sizes of T, over the caller's sizes; a size the
    /// input binds must agree (SS0001 at the call, the argument as additional location).
    /// </summary>
    private static bool Give(LayerContext c, CheckedModel model, Dictionary<string, Dim> bindings)
    {
        if (c.Spec.Find(SizesArgument) is not { } arg)
        {
            return true;
        }

        var sizes = model.Parameters.Select(p => p.TrimStart('@')).ToList();
        foreach (var (name, text) in ModelSizes.Assignments(arg.Value.Text ?? string.Empty))
        {
            if (text is null || !sizes.Contains(name))
            {
                var problem = text is null ? $"must assign sizes as \"Name = value\", but holds \"{name}\""
                    : sizes.Count == 0 ? $"names {name}, but '{model.Name}' has no sizes"
                    : $"names {name}, which is not a size of '{model.Name}' (its sizes: {string.Join(", ", sizes)})";
                c.Report(DiagnosticDescriptors.InvalidArgument, arg.Location, "Layer", SizesArgument, problem);
                return false;
            }

            var value = c.SizeExpression(name, arg, text);
            if (value.IsUnknown)
            {
                return false;
            }

            if (bindings.TryGetValue(name, out var bound) && !bound.IsUnknown && Dim.ProvablyDifferent(value, bound))
            {
                c.ReportInput(DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeMismatch, arg.Location, model.Name, name, value.ToString(), bound.ToString(), c.Input.ToString()));
                return false;
            }

            bindings[name] = value;
        }

        return true;
    }

    /// <summary>T's size expressions with this use's values, where they are known: "C / 4" with C = 30 fails here, not in T's constructor at run time.</summary>
    private static bool Satisfied(LayerContext c, CheckedModel model, Dictionary<string, Dim> bindings)
    {
        foreach (var requirement in model.SizeChecks)
        {
            var numerator = ShapeParser.ParseWritten(requirement.Numerator) is { Rank: 1 } n ? Substitute(n[0], bindings) : Dim.Unknown;
            var divisor = requirement.Divisor is null ? null : ShapeParser.ParseWritten(requirement.Divisor) is { Rank: 1 } d ? Substitute(d[0], bindings) : Dim.Unknown;
            var problem =
                divisor is null ? numerator.IsConstant && numerator.Constant <= 0 ? $"{requirement.Where} is {numerator} here; a size must be positive" : null
                : numerator.IsConstant && divisor.IsConstant && divisor.Constant > 0 && numerator.Constant % divisor.Constant != 0
                    ? $"{requirement.Where} needs {requirement.Numerator} to be a multiple of {requirement.Divisor}, but here it is {numerator} against {divisor}"
                : null;
            if (problem is not null)
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.Spec.Find(SizesArgument)?.Location ?? c.LocationOf("Model"), "Layer", $"'{model.Name}'", problem);
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// T's constructor size: what its input binds it to here (BasicBlock's C is 64 after a 64-channel
    /// conv, so one block class serves every stage), else the caller's size of the same name.
    /// </summary>
    private static string Argument(LayerContext c, string model, string parameter, Dictionary<string, Dim> bindings)
    {
        if (!bindings.TryGetValue(parameter, out var bound) || bound.IsUnknown)
        {
            return c.UseSymbol(parameter);
        }

        if (bound.HasFreeSymbols)
        {
            c.ReportSizedByFreeDim($"its size {parameter} (a constructor parameter of {model})", bound);
        }

        return c.Code(bound);
    }

    /// <summary>Binds a declared dim (a symbol or constant) to the incoming one; false on a provable conflict.</summary>
    private static bool Bind(Dim declared, Dim actual, Dictionary<string, Dim> bindings)
    {
        if (declared.IsUnknown || actual.IsUnknown)
        {
            return true;
        }

        if (declared.IsConstant)
        {
            return !Dim.ProvablyDifferent(declared, actual);
        }

        var symbol = declared.ToString();
        if (bindings.TryGetValue(symbol, out var bound))
        {
            return !Dim.ProvablyDifferent(bound, actual);
        }

        bindings[symbol] = actual;
        return true;
    }

    private static Dim Substitute(Dim dim, Dictionary<string, Dim> bindings) =>
        dim.MapSymbols(name => bindings.TryGetValue(name, out var bound) ? bound : Dim.Unknown);
}
