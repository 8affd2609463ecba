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
    private const string TensorType = "global::TorchSharp.torch.Tensor";

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
        var parameters = model.ParameterCountConstant is { } count ? Dim.Of(count * repeat) : Dim.Unknown;
        return new LayerResult(output, construction, parameters, FieldType: fieldType);
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
