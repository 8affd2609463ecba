using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Emitting;

/// <summary>
/// The code of a model that has errors: every member the real code would declare (base class,
/// constructor, forward or the block bodies, Summary, the training step), each throwing the
/// errors' text. User code calling them compiles, so the build shows the SS errors and no compiler
/// errors about missing members; should the errors be silenced, the model fails on construction
/// with their text.
/// </summary>
internal static class FallbackEmitter
{
    private const string Tensor = ModelEmitter.Tensor;
    private const string Training = "global::ShapeSharp.Training.";
    private const string Throw = "throw new global::System.InvalidOperationException(ShapeErrors)";

    public static string Emit(CheckedModel model, IEnumerable<DiagnosticInfo> errors)
    {
        var spec = model.Spec!;
        var writer = new SourceWriter();
        ModelEmitter.WriteFileHeader(writer, model);
        var (parameters, returnType) = Signature(spec);
        var trainable = parameters.Count == 1 && parameters[0].Type == Tensor && returnType == Tensor;
        writer.Line($"/// <summary>Model {model.Name} has errors (see the SS diagnostics); its members throw them until they are fixed.</summary>");
        writer.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"ShapeSharp\", \"{ModelEmitter.Version}\")]");
        var baseType = "global::TorchSharp.torch.nn.Module<" + string.Join(", ", parameters.Select(p => p.Type).Concat(new[] { returnType })) + ">";
        writer.Open($"partial class {model.Name} : {baseType}{(trainable ? ", " + Training + "ITrainable" : string.Empty)}");

        writer.Line("private const string ShapeErrors =");
        var messages = errors.Select(Describe).ToList();
        if (messages.Count == 0)
        {
            // Nothing of ours to say (an attribute the compiler rejects): the constant must still be one.
            messages.Add("see the compiler's errors");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var text = (i == 0 ? $"Model {model.Name} has errors: " : "; ") + messages[i];
            writer.Line($"    {SymbolDisplay.FormatLiteral(text, quote: true)}{(i == messages.Count - 1 ? ";" : " +")}");
        }

        writer.Line();
        writer.Line($"public const string InputShape = {SymbolDisplay.FormatLiteral(string.Join("; ", spec.Inputs.Select(i => i.Shape)), quote: true)};");
        writer.Line("public const string OutputShape = \"?\";");
        writer.Line($"public long ParameterCount => {Throw};");
        writer.Line("public bool CheckInputShapes { get; set; } = true;");
        writer.Line();
        writer.Line($"public {model.Name}({string.Join(", ", SizeParameters(model, spec).Select(p => "long " + p))})");
        var assignments = FieldEmitter.FallbackAssignments(spec);
        writer.Line(assignments.Length == 0
            ? $"    : base(nameof({model.Name})) => {Throw};"
            : $"    : base(nameof({model.Name})) {{ {assignments}{Throw}; }}");
        writer.Line();
        ModelEmitter.WriteCreatedHook(writer);
        if (spec.Forward is null)
        {
            writer.Line($"public override {returnType} forward({string.Join(", ", parameters.Select(p => p.Type + " " + p.Name))}) => {Throw};");
            writer.Line();
        }
        else
        {
            writer.Line($"public void CheckInputs({string.Join(", ", parameters.Select(p => Tensor + " " + p.Name))}) => {Throw};");
            writer.Line();
        }

        foreach (var block in spec.Blocks)
        {
            writer.Line($"{block.Declaration} => {Throw};");
            writer.Line();
        }

        writer.Line($"public string Summary() => {Throw};");
        if (trainable)
        {
            var optimizer = "global::TorchSharp.torch.optim.Optimizer";
            writer.Line();
            writer.Line($"public static {Training}TrainingDefaults TrainingDefaults {{ get; }} = new();");
            writer.Line();
            writer.Line($"{Training}TrainingDefaults {Training}ITrainable.Defaults => TrainingDefaults;");
            writer.Line();
            writer.Line($"public {Tensor} ComputeLoss({Tensor} output, {Tensor} target) => {Throw};");
            writer.Line();
            writer.Line($"public {optimizer} CreateOptimizer({Training}TrainOptions? options = null) => {Throw};");
            writer.Line();
            writer.Line($"public {Training}ILearningRateSchedule CreateSchedule({optimizer} optimizer, long totalSteps, {Training}TrainOptions? options = null) => {Throw};");
            writer.Line();
            writer.Line($"public float TrainStep({Training}TrainContext context, {Tensor} {parameters[0].Name}, {Tensor} target) => {Throw};");
        }

        writer.Close();
        ModelEmitter.WriteFileFooter(writer, model);
        return writer.ToString();
    }

    /// <summary>forward's parameters and result: the hand-written forward's, else one tensor per [Input] (at least one) to one tensor.</summary>
    private static (IReadOnlyList<ParameterSpec> Parameters, string ReturnType) Signature(ModelSpec spec)
    {
        if (spec.Forward is { } forward)
        {
            return (forward.Parameters, forward.ReturnType);
        }

        var names = spec.Inputs.Count == 0 ? new[] { "x" } : spec.Inputs.Take(1).Select(i => i.Name ?? "x");
        return (names.Select(n => new ParameterSpec(n, Tensor)).ToList(), Tensor);
    }

    /// <summary>
    /// The constructor's sizes: those the checker found, else the symbols the layer attributes name
    /// in order (what it would have found), so `new Model(vocab: 100)` still binds.
    /// </summary>
    private static IEnumerable<string> SizeParameters(CheckedModel model, ModelSpec spec)
    {
        if (!model.Parameters.IsEmpty)
        {
            return model.Parameters;
        }

        var symbols = ModelSizes.Named(spec);
        return symbols.Select(SymbolTable.Escape);
    }

    private static string Describe(DiagnosticInfo diagnostic)
    {
        var message = string.Format(CultureInfo.InvariantCulture, diagnostic.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), diagnostic.Arguments.ToArray<object>());
        var line = diagnostic.Location is { } location ? $" (line {location.LineSpan.Start.Line + 1})" : string.Empty;
        return diagnostic.Descriptor.Id + line + ": " + message;
    }
}
