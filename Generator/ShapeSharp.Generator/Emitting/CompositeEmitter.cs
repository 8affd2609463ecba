using System.Globalization;
using System.Linq;
using ShapeSharp.Generator.Checking;

namespace ShapeSharp.Generator.Emitting;

/// <summary>
/// Writes a composite model's partial class: the block layers as fields registered under the
/// block's snake_case name, each block method's body with the shapes of its first call, the input
/// guard as a forward pre-hook (forward itself is the user's), and the summary.
/// </summary>
internal static class CompositeEmitter
{
    private const string Tensor = ModelEmitter.Tensor;

    public static string Emit(CheckedModel model)
    {
        var composite = model.Composite!;
        var writer = new SourceWriter();
        ModelEmitter.WriteFileHeader(writer, model);
        var inputs = string.Join("; ", model.Inputs.Select(i => $"{i.Name} {i.Shape}"));
        writer.Line($"/// <summary>Inputs {inputs}; output: {model.OutputShape}.</summary>");
        writer.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"ShapeSharp\", \"{ModelEmitter.Version}\")]");
        writer.Open($"partial class {model.Name} : {composite.BaseType}{(composite.Trainable ? ", global::ShapeSharp.Training.ITrainable" : string.Empty)}");

        WriteConstants(writer, model);
        WriteFields(writer, model, composite);
        WriteConstructor(writer, model, composite);
        WriteRegistration(writer, composite);
        WriteGuard(writer, model);
        foreach (var block in composite.Blocks)
        {
            WriteBlock(writer, block);
        }

        WriteSummary(writer, model, composite);
        if (composite.Trainable)
        {
            TrainingEmitter.Write(writer, model);
        }

        writer.Close();
        ModelEmitter.WriteFileFooter(writer, model);
        return writer.ToString();
    }

    private static void WriteConstants(SourceWriter writer, CheckedModel model)
    {
        var shapes = model.Inputs.Count == 1 ? model.Inputs[0].Shape : string.Join("; ", model.Inputs.Select(i => i.Name + " " + i.Shape));
        writer.Line("/// <summary>The declared input shape(s).</summary>");
        writer.Line($"public const string InputShape = \"{shapes}\";");
        writer.Line();
        writer.Line("/// <summary>The output shape inferred at compile time from the hand-written forward (? where it is not known).</summary>");
        writer.Line($"public const string OutputShape = \"{model.OutputShape}\";");
        writer.Line();
        if (model.ParameterCountConstant is { } count)
        {
            writer.Line("/// <summary>Trainable parameters, counted at compile time.</summary>");
            writer.Line($"public const long ParameterCount = {ModelEmitter.Grouped(count)};");
        }
        else
        {
            writer.Line("/// <summary>Trainable parameters, counted by the constructor.</summary>");
            writer.Line("public long ParameterCount { get; }");
        }

        writer.Line();
    }

    private static void WriteFields(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        writer.Aligned(composite.Blocks.SelectMany(b => b.Layers.Select(l =>
            ($"private readonly {l.FieldType} {l.Field};", (string?)(b.Single ? b.StateName : b.StateName + "." + l.StateName)))));
        foreach (var input in model.Inputs)
        {
            writer.Line($"private readonly long[] _{input.Name}Dims;");
        }

        writer.Line("private bool _componentsRegistered;");
        writer.Line();
        writer.Line("/// <summary>Checks each input's rank and known dims when the model is called (a forward pre-hook); on by default.</summary>");
        writer.Line("public bool CheckInputShapes { get; set; } = true;");
        writer.Line();
    }

    private static void WriteConstructor(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        foreach (var parameter in model.Parameters)
        {
            writer.Line($"/// <param name=\"{parameter.TrimStart('@')}\">A symbolic size of the model.</param>");
        }

        writer.Line($"public {model.Name}({string.Join(", ", model.Parameters.Select(p => "long " + p))})");
        writer.Line($"    : base(nameof({model.Name}))");
        writer.Line("{");
        writer.Aligned(composite.Blocks.SelectMany(b => b.Layers).Select(l => ($"    {l.Field} = {l.Construction};", l.Note)));
        foreach (var input in model.Inputs)
        {
            writer.Line($"    _{input.Name}Dims = new long[] {{ {input.GuardDims} }};");
        }

        writer.Line("    RegisterComponents();");
        if (model.ParameterCountConstant is null)
        {
            writer.Line("    ParameterCount = global::System.Linq.Enumerable.Sum(parameters(), p => p.numel());");
        }

        var names = string.Join(", ", model.Inputs.Select(i => i.Name));
        var hookResult = model.Inputs.Count == 1 ? model.Inputs[0].Name : "null";
        writer.Line($"    register_forward_pre_hook((_, {names}) =>");
        writer.Line("    {");
        writer.Line($"        CheckInputs({names});");
        writer.Line($"        return {hookResult};");
        writer.Line("    });");
        writer.Line("}");
        writer.Line();
    }

    private static void WriteRegistration(SourceWriter writer, CompositePlan composite)
    {
        writer.Line("/// <summary>Registers each block under its snake_case name (qkv.0.weight; head.weight for a one-layer block), without reflection.</summary>");
        writer.Open("protected override void RegisterComponents()");
        writer.Open("if (_componentsRegistered)");
        writer.Line("return;");
        writer.Close();
        writer.Line();
        writer.Line("_componentsRegistered = true;");
        foreach (var block in composite.Blocks)
        {
            if (block.Single)
            {
                writer.Line($"register_module(\"{block.StateName}\", {block.Layers[0].Field});");
                continue;
            }

            writer.Line($"register_module(\"{block.StateName}\", global::TorchSharp.torch.nn.ModuleDict(");
            for (var i = 0; i < block.Layers.Count; i++)
            {
                var layer = block.Layers[i];
                writer.Line($"    (\"{layer.StateName}\", {layer.Field}){(i == block.Layers.Count - 1 ? "));" : ",")}");
            }
        }

        writer.Close();
        writer.Line();
    }

    private static void WriteGuard(SourceWriter writer, CheckedModel model)
    {
        writer.Line("/// <summary>The input guard: rank, known dims and dtype of each input. Runs on every call; call it yourself when you call forward directly.</summary>");
        writer.Open($"public void CheckInputs({string.Join(", ", model.Inputs.Select(i => Tensor + " " + i.Name))})");
        writer.Open("if (!CheckInputShapes)");
        writer.Line("return;");
        writer.Close();
        writer.Line();
        foreach (var input in model.Inputs)
        {
            var dtype = input.DType is null ? string.Empty : $", global::TorchSharp.torch.ScalarType.{input.DType}";
            var expected = model.Inputs.Count == 1 ? "InputShape" : "\"" + input.Shape + "\"";
            writer.Line($"global::ShapeSharp.InputGuard.Check(nameof({model.Name}), nameof({input.Name}), {input.Name}, _{input.Name}Dims, {expected}{dtype});");
        }

        writer.Close();
        writer.Line();
    }

    private static void WriteBlock(SourceWriter writer, BlockPlan block)
    {
        var x = block.Parameters[0].Name;
        var state = block.Parameters.Count > 1 ? block.Parameters[1].Name : null;
        writer.Line($"/// <summary>Block {block.Method}: {string.Join(" -> ", new[] { block.InputShape }.Concat(block.Layers.Select(l => l.Kind)))} -> {block.OutputShape} (shapes of its first call in forward).</summary>");
        writer.Open(block.Declaration);
        var lines = block.Layers.Select((layer, i) =>
        {
            var last = i == block.Layers.Count - 1;
            var recurrent = layer.Kind is "LSTM" or "GRU" or "RNN";
            var arguments = recurrent && state is not null ? $"{x}, {state}" : x;
            var call = $"{layer.Field}.forward({arguments})";
            if (recurrent && !(last && block.ReturnsStates))
            {
                call += ".Item1";
            }

            return (last ? $"return {call};" : $"{x} = {call};", (string?)layer.OutputShape);
        });
        writer.Aligned(lines);
        writer.Close();
        writer.Line();
    }

    private static void WriteSummary(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        writer.Line("/// <summary>A Keras/torchinfo-style table of the blocks' layers, output shapes (at their first call) and parameter counts, computed at compile time.</summary>");
        writer.Line($"public string Summary() => global::ShapeSharp.ModelSummary.Format(nameof({model.Name}), InputShape, SummaryRows, ParameterCount);");
        writer.Line();
        writer.Line("private static readonly global::ShapeSharp.SummaryRow[] SummaryRows =");
        writer.Line("{");
        foreach (var block in composite.Blocks)
        {
            foreach (var layer in block.Layers)
            {
                var name = block.Single ? block.StateName : block.StateName + "." + layer.StateName;
                var constant = layer.ParametersConstant is { } n ? n.ToString(CultureInfo.InvariantCulture) : "null";
                writer.Line($"    new(\"{name}\", \"{layer.Kind}\", \"{layer.OutputShape}\", {constant}, \"{layer.ParametersText}\"),");
            }
        }

        writer.Line("};");
    }
}
