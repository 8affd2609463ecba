using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Emitting;

/// <summary>
/// Writes the typed training step: the defaults declared by training attributes (each one a
/// run-time configuration object that TrainOptions can replace), ComputeLoss, CreateOptimizer,
/// CreateSchedule and TrainStep.
/// </summary>
internal static class TrainingEmitter
{
    private const string Tensor = ModelEmitter.Tensor;
    private const string Training = "global::ShapeSharp.Training.";
    private const string Optimizer = "global::TorchSharp.torch.optim.Optimizer";

    public static void Write(SourceWriter writer, CheckedModel model)
    {
        var x = model.Inputs[0].Name;
        writer.Line();
        writer.Line("/// <summary>The training defaults declared on the model; TrainOptions overrides any of them.</summary>");
        if (model.Training.IsEmpty)
        {
            writer.Line($"public static {Training}TrainingDefaults TrainingDefaults {{ get; }} = new();");
        }
        else
        {
            writer.Line($"public static {Training}TrainingDefaults TrainingDefaults {{ get; }} = new()");
            writer.Line("{");
            foreach (var plan in model.Training)
            {
                writer.Line($"    {PropertyOf(plan.Category)} = {plan.Creation},");
            }

            writer.Line("};");
        }
        writer.Line();
        writer.Line($"{Training}TrainingDefaults {Training}ITrainable.Defaults => TrainingDefaults;");
        writer.Line();
        writer.Line($"private global::System.Func<{Tensor}, {Tensor}, {Tensor}>? _defaultLoss;");
        writer.Line();
        var loss = model.Training.FirstOrDefault(t => t.Category == AttributeCategory.Loss)?.Kind ?? "no loss declared";
        writer.Line($"/// <summary>The model's default loss ({loss}) of an output {model.OutputShape} against a target.</summary>");
        writer.Line($"public {Tensor} ComputeLoss({Tensor} output, {Tensor} target) =>");
        writer.Line("    (_defaultLoss ??= TrainingDefaults.ResolveLoss(null))(output, target);");
        writer.Line();
        writer.Line("/// <summary>The optimizer over this model's parameters: options first, then the declared default.</summary>");
        writer.Line($"public {Optimizer} CreateOptimizer({Training}TrainOptions? options = null) =>");
        writer.Line("    TrainingDefaults.CreateOptimizer(this, options);");
        writer.Line();
        writer.Line("/// <summary>The learning-rate schedule, stepped once per optimizer step.</summary>");
        writer.Line($"public {Training}ILearningRateSchedule CreateSchedule({Optimizer} optimizer, long totalSteps, {Training}TrainOptions? options = null) =>");
        writer.Line("    TrainingDefaults.CreateSchedule(optimizer, totalSteps, options);");
        writer.Line();
        writer.Line("/// <summary>One training step inside a dispose scope: forward, loss, backward, clipping, optimizer and schedule step.</summary>");
        writer.Line("/// <returns>The batch's loss.</returns>");
        writer.Open($"public float TrainStep({Training}TrainContext context, {Tensor} {x}, {Tensor} target)");
        writer.Line("using var scope = global::TorchSharp.torch.NewDisposeScope();");
        if (model.Composite is not null)
        {
            // A hand-written forward has no guard inside (the pre-hook runs only through call()).
            writer.Line($"CheckInputs({x});");
        }

        writer.Aligned(new (string, string?)[]
        {
            ($"var output = forward({x});", model.OutputShape),
            ("var loss = context.Loss(output, target);", "[]"),
            ("return context.Step(loss);", "backward, clip, optimizer and schedule step"),
        });
        writer.Close();
    }

    private static string PropertyOf(AttributeCategory category) => category switch
    {
        AttributeCategory.Loss => "Loss",
        AttributeCategory.Optimizer => "Optimizer",
        AttributeCategory.Schedule => "Schedule",
        AttributeCategory.EarlyStopping => "EarlyStopping",
        AttributeCategory.GradientClipping => "GradientClipping",
        _ => "GradientAccumulation",
    };
}
