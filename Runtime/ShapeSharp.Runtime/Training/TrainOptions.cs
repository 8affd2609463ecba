using System;
using System.Collections.Generic;
using System.Threading;
using ShapeSharp.Metrics;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Run-time choices for a <see cref="Trainer"/> (Lightning's Trainer arguments, Keras' compile and
/// fit arguments). Every property left null keeps the model's declared default (its training
/// attributes), then the library default.
/// </summary>
public sealed class TrainOptions
{
    /// <summary>Epochs to run (default 10). When resuming, the last epoch, not the number left.</summary>
    public int? Epochs { get; init; }

    public LossAttribute? Loss { get; init; }

    public OptimizerAttribute? Optimizer { get; init; }

    /// <summary>
    /// Makes the optimizer for the model being trained, instead of <see cref="Optimizer"/> or the
    /// declared one (called after lazily sized blocks are built, so every parameter exists). The
    /// trainer disposes what it returns. To pass an optimizer already made, give it to Fit.
    /// </summary>
    public Func<torch.nn.Module, torch.optim.Optimizer>? OptimizerFactory { get; init; }

    /// <summary>Replaces the optimizer's learning rate (declared or given).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Replaces the optimizer's weight decay.</summary>
    public double? WeightDecay { get; init; }

    public ScheduleAttribute? Schedule { get; init; }

    public EarlyStoppingAttribute? EarlyStopping { get; init; }

    /// <summary>Ignore any early stopping, declared or given.</summary>
    public bool DisableEarlyStopping { get; init; }

    /// <summary>Replaces the declared gradient clipping norm; 0 or less turns clipping off.</summary>
    public double? MaxGradNorm { get; init; }

    public int? AccumulationSteps { get; init; }

    /// <summary>
    /// Where Fit, Evaluate and Predict run: the model is moved there once, each batch on every step.
    /// Null: CUDA when <c>torch.cuda.is_available()</c>, else the CPU (<see cref="TrainingDevice.Resolve"/>).
    /// </summary>
    public torch.Device? Device { get; init; }

    /// <summary>
    /// The compute type of a model with <see cref="MixedPrecisionAttribute"/>, over the declared one:
    /// <see cref="DType.BFloat16"/> or <see cref="DType.Float16"/> (with loss scaling), or
    /// <see cref="DType.Float32"/> for no casts. Null keeps the model's. A model without the attribute
    /// has no casts to turn on, so a low precision is refused for it.
    /// </summary>
    public DType? Precision { get; init; }

    /// <summary>Seeds torch's generator at the start (the data loaders have their own seeds).</summary>
    public long? Seed { get; init; }

    /// <summary>Metrics computed on the validation set each epoch (names prefixed "val_").</summary>
    public IReadOnlyList<Func<IMetric>> Metrics { get; init; } = Array.Empty<Func<IMetric>>();

    public IReadOnlyList<ITrainingCallback> Callbacks { get; init; } = Array.Empty<ITrainingCallback>();

    /// <summary>
    /// A checkpoint to continue from: weights, optimizer, schedule, epoch, step, RNG, history (Lightning's
    /// <c>fit(ckpt_path)</c>). A checkpoint written mid-epoch (cancellation) continues at the next batch.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Exact (default) refuses a resume set up differently from the checkpoint's run; Rebase continues on the new schedule.</summary>
    public ResumePolicy ResumePolicy { get; init; }

    /// <summary>
    /// Stops after the current optimizer step; Fit returns the history so far with
    /// <see cref="History.Cancelled"/> set, and a <see cref="CheckpointCallback"/> writes where the run stood.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }
}
