using System;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// A model's declared training attributes (generated from the class's attributes), and how
/// <see cref="TrainOptions"/> overrides them: the option first, then the declaration, then the
/// library default (Adam at 1e-3, a constant rate, no early stopping, no clipping, no accumulation).
/// </summary>
public sealed class TrainingDefaults
{
    public LossAttribute? Loss { get; init; }

    public OptimizerAttribute? Optimizer { get; init; }

    public ScheduleAttribute? Schedule { get; init; }

    public EarlyStoppingAttribute? EarlyStopping { get; init; }

    public GradientClippingAttribute? GradientClipping { get; init; }

    public GradientAccumulationAttribute? GradientAccumulation { get; init; }

    /// <summary>The loss function; there is no default loss, as in Keras' compile.</summary>
    public Func<torch.Tensor, torch.Tensor, torch.Tensor> ResolveLoss(TrainOptions? options)
    {
        var loss = options?.Loss ?? Loss
            ?? throw new InvalidOperationException(
                "No loss: declare one on the model (e.g. [CrossEntropyLoss]) or set TrainOptions.Loss.");
        return Autocast.ForLosses(loss.Create());
    }

    public torch.optim.Optimizer CreateOptimizer(torch.nn.Module module, TrainOptions? options)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (module is Modules.ILazilyBuilt { IsBuilt: false } lazy)
        {
            throw Modules.LazyBlocks.NotBuilt(module.GetName(), lazy);
        }

        var optimizer = options?.Optimizer ?? Optimizer ?? new AdamAttribute();
        return optimizer.Create(module.parameters(), options?.LearningRate, options?.WeightDecay);
    }

    public ILearningRateSchedule CreateSchedule(torch.optim.Optimizer optimizer, long totalSteps, TrainOptions? options) =>
        (options?.Schedule ?? Schedule ?? new ConstantScheduleAttribute()).Create(optimizer, totalSteps);

    public EarlyStoppingAttribute? ResolveEarlyStopping(TrainOptions? options) =>
        options?.DisableEarlyStopping == true ? null : options?.EarlyStopping ?? EarlyStopping;

    /// <summary>The clipping norm, or null for none.</summary>
    public double? ResolveMaxGradNorm(TrainOptions? options)
    {
        var norm = options?.MaxGradNorm ?? GradientClipping?.MaxNorm;
        return norm > 0 ? norm : null;
    }

    public int ResolveAccumulationSteps(TrainOptions? options)
    {
        var steps = options?.AccumulationSteps ?? GradientAccumulation?.Steps ?? 1;
        return steps >= 1 ? steps : throw new ArgumentOutOfRangeException(nameof(options), steps, "Gradient accumulation steps must be at least 1.");
    }
}
