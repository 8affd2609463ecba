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
        var lazy = composite.Blocks.Where(b => b.Lazy).ToList();
        var interfaces = (composite.Trainable ? ", global::ShapeSharp.Training.ITrainable" : string.Empty) + (lazy.Count > 0 ? ", global::ShapeSharp.Modules.ILazilyBuilt" : string.Empty)
            + PrecisionEmitter.Interface(model);
        writer.Open($"partial class {model.Name} : {composite.BaseType}{interfaces}");

        WriteConstants(writer, model);
        WriteFields(writer, model, composite);
        PrecisionEmitter.WriteMembers(writer, model);
        WriteConstructor(writer, model, composite);
        WriteRegistration(writer, model, composite);
        WriteTies(writer, composite);
        WriteGuard(writer, model);
        WriteLazyState(writer, lazy);
        foreach (var block in composite.Blocks)
        {
            WriteBlock(writer, model, block);
            if (block.Lazy)
            {
                WriteBuild(writer, model, block);
            }
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
        if (model.Composite!.Blocks.Any(b => b.Lazy))
        {
            writer.Line("/// <summary>Trainable parameters that exist now: a block sized at its first call has none before it (see IsBuilt).</summary>");
            writer.Line("public long ParameterCount => global::System.Linq.Enumerable.Sum(parameters(), p => p.numel());");
        }
        else if (model.ParameterCountConstant is { } count)
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

    /// <summary>The model sizes (constructor parameters) a lazy block's layers are built with: kept in fields, since the build runs later.</summary>
    private static System.Collections.Generic.List<string> LazySizes(CheckedModel model, CompositePlan composite)
    {
        var used = new System.Collections.Generic.HashSet<string>(composite.Blocks.Where(b => b.Lazy).SelectMany(b => b.Layers)
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Construction, "@?[A-Za-z_][A-Za-z0-9_]*").Cast<System.Text.RegularExpressions.Match>())
            .Select(m => m.Value));
        return model.Parameters.Where(used.Contains).ToList();
    }

    private static string SizeField(string size) => "_size_" + size.TrimStart('@');

    private static void WriteFields(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        foreach (var size in LazySizes(model, composite))
        {
            writer.Line($"private readonly long {SizeField(size)};  // for the blocks built at their first call");
        }

        writer.Aligned(composite.Blocks.SelectMany(b => b.Layers.Select(l =>
            (b.Lazy ? $"private {l.FieldType}? {l.Field};" : $"private readonly {l.FieldType} {l.Field};", (string?)(StateName(b, l) + (b.Lazy ? ", built at the first call" : string.Empty))))));
        ModelEmitter.WriteStateFields(writer, model, "Checks each input's rank and known dims when the model is called (a forward pre-hook); on by default.");
    }

    private static string StateName(BlockPlan block, LayerPlan layer) => block.Single ? block.StateName : block.StateName + "." + layer.StateName;

    private static void WriteConstructor(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        ModelEmitter.WriteSizeParameterDocs(writer, model);
        writer.Line($"public {model.Name}({string.Join(", ", model.Parameters.Select(p => "long " + p))})");
        writer.Line($"    : base(nameof({model.Name}))");
        writer.Line("{");
        ModelEmitter.WriteSizeChecks(writer, model);
        writer.Aligned(composite.Blocks.Where(b => !b.Lazy).SelectMany(b => b.Layers).Select(l => ($"    {l.Field} = {l.Construction};", l.Note)));
        if (Tied(composite).Any())
        {
            writer.Line("    TieWeights();");
        }

        ModelEmitter.WriteGuardDims(writer, model);
        foreach (var size in LazySizes(model, composite))
        {
            writer.Line($"    {SizeField(size)} = {size};");
        }

        FieldEmitter.WriteCreations(writer, model);
        writer.Line("    RegisterComponents();");
        if (model.ParameterCountConstant is null && !composite.Blocks.Any(b => b.Lazy))
        {
            writer.Line($"    ParameterCount = {ModelEmitter.RunTimeCount};");
        }

        var names = string.Join(", ", model.Inputs.Select(i => i.Name));
        var hookResult = model.Inputs.Count == 1 ? model.Inputs[0].Name : "null";
        writer.Line($"    register_forward_pre_hook((_, {names}) =>");
        writer.Line("    {");
        writer.Line($"        CheckInputs({names});");
        writer.Line($"        return {hookResult};");
        writer.Line("    });");
        PrecisionEmitter.WriteConstructorLine(writer, model);
        writer.Line("    OnCreated();");
        writer.Line("}");
        writer.Line();
        ModelEmitter.WriteCreatedHook(writer);
    }

    private static void WriteRegistration(SourceWriter writer, CheckedModel model, CompositePlan composite)
    {
        ModelEmitter.OpenRegistration(writer, "Registers each block under its snake_case name (qkv.0.weight; head.weight for a one-layer block)"
            + FieldEmitter.RegistrationNote(model) + ", without reflection.");
        foreach (var block in composite.Blocks.Where(b => !b.Lazy))
        {
            WriteBlockRegistration(writer, block);
        }

        FieldEmitter.WriteRegistrations(writer, model);
        writer.Close();
        writer.Line();
    }

    private static void WriteBlockRegistration(SourceWriter writer, BlockPlan block)
    {
        if (block.Single)
        {
            writer.Line($"register_module(\"{block.StateName}\", {block.Layers[0].Field});");
        }
        else
        {
            ModelEmitter.WriteLayerStack(writer, block.StateName, block.Layers);
        }
    }

    /// <summary>IsBuilt: whether every block sized at its first call has had it (the optimizer must wait for that).</summary>
    private static void WriteLazyState(SourceWriter writer, System.Collections.Generic.List<BlockPlan> lazy)
    {
        if (lazy.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", lazy.Select(b => b.Method));
        writer.Line($"/// <summary>Whether the blocks sized at their first call ({names}) have been called, so that every parameter exists.</summary>");
        writer.Line($"public bool IsBuilt => {string.Join(" && ", lazy.Select(b => b.Layers[0].Field + " is not null"))};");
        writer.Line();
        writer.Line($"string global::ShapeSharp.Modules.ILazilyBuilt.LazyBlocks => \"{names}\";");
        writer.Line();
    }

    /// <summary>
    /// Builds a lazy block's layers from its first input (the dims the checker could not know at
    /// compile time), registers them, and places them with the model's other parameters.
    /// </summary>
    private static void WriteBuild(SourceWriter writer, CheckedModel model, BlockPlan block)
    {
        var x = block.Parameters[0].Name;
        var dims = block.RuntimeDims.Select(d => Dimension(x, d)).ToList();
        writer.Line($"/// <summary>Builds block {block.Method} for its first input, whose {string.Join(" and ", dims)} {(dims.Count == 1 ? "is" : "are")} not known at compile time.</summary>");
        writer.Open($"private void Build{block.Method}({Tensor} {x})");
        foreach (var dim in block.RuntimeDims)
        {
            writer.Line($"var {dim} = {Dimension(x, dim)};");
        }

        foreach (var size in model.Parameters.Where(p => block.Layers.Any(l => System.Text.RegularExpressions.Regex.IsMatch(l.Construction, "(?<![A-Za-z0-9_@])" + System.Text.RegularExpressions.Regex.Escape(p) + "(?![A-Za-z0-9_])"))))
        {
            writer.Line($"var {size} = {SizeField(size)};");
        }

        writer.Aligned(block.Layers.Select(l => ($"{l.Field} = {l.Construction};", (string?)l.Note)));
        foreach (var layer in block.Layers.Where(l => l.ParametersConstant is not 0))
        {
            writer.Line($"global::ShapeSharp.Modules.LazyBlocks.Place(this, {layer.Field}, {x});");
        }

        WriteBlockRegistration(writer, block);
        if (PrecisionEmitter.Carries(model))
        {
            // A sub-model built now takes this model's compute type, as the constructor gave the others.
            writer.Line("global::ShapeSharp.Autocast.Apply(this, _computeType);");
        }

        writer.Close();
        writer.Line();
    }

    private static string Dimension(string x, string runtimeDim) =>
        $"{x}.shape[^{Shapes.RuntimeDims.FromEnd(runtimeDim).ToString(System.Globalization.CultureInfo.InvariantCulture)}]";

    /// <summary>
    /// The first statements of a block whose input the checker could not know: its In = sizes
    /// checked against the input, then, for a lazy block, its layers built from it unless built.
    /// </summary>
    private static void WriteBuildCall(SourceWriter writer, BlockPlan block)
    {
        if (!block.InputChecks.IsEmpty)
        {
            writer.Open("if (CheckInputShapes)");
            foreach (var check in block.InputChecks)
            {
                writer.Line($"global::ShapeSharp.InputGuard.CheckDim(GetName(), \"{block.Method}\", {block.Parameters[0].Name}, {check.FromEnd}, {check.Expected});  // In = {check.Expected}");
            }

            writer.Close();
            writer.Line();
        }

        if (!block.Lazy)
        {
            return;
        }

        writer.Open($"if ({block.Layers[0].Field} is null)");
        writer.Line($"Build{block.Method}({block.Parameters[0].Name});");
        writer.Close();
        writer.Line();
    }

    private static System.Collections.Generic.IEnumerable<(BlockPlan Block, LayerPlan Layer)> Tied(CompositePlan composite) =>
        composite.Blocks.SelectMany(b => b.Layers.Where(l => l.TiedTo is not null).Select(l => (b, l)));

    /// <summary>
    /// Tied weights: one tensor under two state-dict names, as in PyTorch. TorchSharp lists a shared
    /// parameter once per module that holds it and re-creates parameters on .to(), so the model
    /// lists it once (an optimizer must not step it twice) and ties again after every move.
    /// </summary>
    private static void WriteTies(SourceWriter writer, CompositePlan composite)
    {
        var tied = Tied(composite).ToList();
        if (tied.Count == 0)
        {
            return;
        }

        var names = string.Join(" or ", tied.Select(t => "\"" + StateName(t.Block, t.Layer) + ".weight\""));
        writer.Line("/// <summary>Makes each tied layer's weight the weight it is tied to (the constructor and every move call it).</summary>");
        writer.Open("private void TieWeights()");
        foreach (var (_, layer) in tied)
        {
            writer.Line($"{layer.Field}.weight = {layer.TiedTo}.weight!;");
        }

        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Each parameter once, as PyTorch lists them: a tied weight is listed under the layer that owns it.</summary>");
        writer.Line("public override global::System.Collections.Generic.IEnumerable<(string name, global::TorchSharp.Modules.Parameter parameter)> named_parameters(bool recurse = true) =>");
        writer.Line($"    global::System.Linq.Enumerable.Where(base.named_parameters(recurse), p => p.name is not ({names}));");
        writer.Line();
        foreach (var (parameters, arguments) in new[]
        {
            ("global::TorchSharp.torch.Device device, global::TorchSharp.torch.ScalarType dtype, bool non_blocking", "device, dtype, non_blocking"),
            ("global::TorchSharp.DeviceType deviceType, int deviceIndex, bool non_blocking", "deviceType, deviceIndex, non_blocking"),
            ("global::TorchSharp.torch.ScalarType dtype, bool non_blocking", "dtype, non_blocking"),
        })
        {
            writer.Open($"protected override global::TorchSharp.torch.nn.Module _to({parameters})");
            writer.Line($"base._to({arguments});");
            writer.Line("TieWeights();");
            writer.Line("return this;");
            writer.Close();
            writer.Line();
        }
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
            var expected = model.Inputs.Count == 1 ? "InputShape" : "\"" + input.Shape + "\"";
            writer.Line($"global::ShapeSharp.InputGuard.Check(nameof({model.Name}), nameof({input.Name}), {input.Name}, _{input.Name}Dims, {expected}, {ModelEmitter.GuardDType(input)});");
        }

        writer.Close();
        writer.Line();
    }

    private static void WriteBlock(SourceWriter writer, CheckedModel model, BlockPlan block)
    {
        var x = block.Parameters[0].Name;
        var parameters = block.Parameters.Select(p => p.Name).ToList();
        var tensors = block.Parameters.Where(p => p.Type.EndsWith("Tensor", System.StringComparison.Ordinal)).Select(p => p.Name).ToList();
        writer.Line($"/// <summary>Block {block.Method}: {string.Join(" -> ", new[] { block.InputShape }.Concat(block.Layers.Select(l => l.Kind)))} -> {block.OutputShape} ({(block.Lazy ? "sized at its first call" : "shapes of its first call in forward")}).</summary>");
        writer.Open(block.Declaration);
        WriteBuildCall(writer, block);
        if (block.Layers.Count == 1 && Layers.LayerCatalog.Find(block.Layers[0].Kind)?.BlockBody(block) is { } body)
        {
            // A layer whose block is more than its call (MultiheadAttention: sequence-first inside a batch-first block).
            foreach (var line in PrecisionEmitter.BodyCasts(model, block.Layers[0], tensors).Concat(body))
            {
                writer.Line(line);
            }

            writer.Close();
            writer.Line();
            return;
        }

        var bang = block.Lazy ? "!" : string.Empty;
        // Each rule owns its call: a recurrent layer's state, a layer or sub-model of several inputs.
        var lines = PrecisionEmitter.Statements(model, block.Layers, x, tensors, inputFull: false,
            (layer, i) => layer.Through is { } through ? $"{through}({layer.Field}{bang}, {x})"
                : Layers.LayerCatalog.Find(layer.Kind)?.BlockCall(layer.Field + bang, parameters, i == block.Layers.Count - 1 && block.ReturnsStates)
                ?? $"{layer.Field}{bang}.forward({x})",
            (call, i) => i == block.Layers.Count - 1 ? $"return {call};" : $"{x} = {call};");
        writer.Aligned(lines);
        writer.Close();
        writer.Line();
    }

    private static void WriteSummary(SourceWriter writer, CheckedModel model, CompositePlan composite) =>
        ModelEmitter.WriteSummary(writer, model,
            "A Keras/torchinfo-style table of the blocks' layers, output shapes (at their first call) and parameter counts, computed at compile time.",
            composite.Blocks.SelectMany(b => b.Layers.Select(l => (StateName(b, l), l))));
}
