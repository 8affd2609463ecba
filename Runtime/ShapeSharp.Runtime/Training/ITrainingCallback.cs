using System.Collections.Generic;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>What a callback sees after each optimizer step (once per accumulation period, not per batch).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Step">1-based global optimizer step since the start of training (survives resume).</param>
/// <param name="BatchInEpoch">1-based index of the last batch of this step inside the epoch.</param>
/// <param name="BatchesInEpoch">Batches in this epoch.</param>
/// <param name="Loss">Mean training loss of the batches this step applied.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
public readonly record struct StepInfo(int Epoch, long Step, int BatchInEpoch, int BatchesInEpoch, double Loss, double LearningRate);

/// <summary>What a callback sees after each batch (each backward pass).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="BatchInEpoch">1-based batch index inside the epoch.</param>
/// <param name="BatchesInEpoch">Batches in this epoch.</param>
/// <param name="Samples">Samples in this batch.</param>
/// <param name="Loss">This batch's training loss.</param>
/// <param name="LearningRate">Learning rate of the optimizer step this batch belongs to.</param>
/// <param name="Step">Optimizer steps taken so far, this batch's included if it ended a period.</param>
public readonly record struct BatchInfo(int Epoch, int BatchInEpoch, int BatchesInEpoch, long Samples, double Loss, double LearningRate, long Step);

/// <summary>What a callback sees at the end of an epoch: every value that goes into the history.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Values">Column name to value: "loss", "val_loss", "lr", "accuracy", "val_accuracy", ...</param>
public sealed record EpochInfo(int Epoch, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// Observes and steers training; Keras' Callback / Lightning's Callback. All members have no-op
/// defaults. Callbacks run in list order: those the trainer adds for declared defaults (early
/// stopping) first, then <see cref="TrainOptions.Callbacks"/>. To stop training, set
/// <see cref="TrainContext.StopTraining"/> on <see cref="TrainingRun.Context"/>: the trainer stops
/// after the current optimizer step, or after the epoch when set in <see cref="OnEpochEnd"/>.
/// </summary>
public interface ITrainingCallback
{
    void OnTrainBegin(TrainingRun run) { }

    void OnEpochBegin(int epoch, int batchesInEpoch) { }

    /// <summary>After every batch's backward pass (with gradient accumulation, several per step).</summary>
    void OnBatchEnd(BatchInfo batch) { }

    /// <summary>After every optimizer step (each accumulation period, and a period cut short by the epoch's end).</summary>
    void OnStep(StepInfo step) { }

    void OnEpochEnd(EpochInfo epoch) { }

    /// <summary>When training ends normally, stops early, is stopped or cancelled; not after an exception.</summary>
    void OnTrainEnd(TrainingRun run, History history) { }
}

/// <summary>Describes the run to callbacks: sizes (progress bars, plots) and the objects being trained.</summary>
/// <param name="ModelName">The model's class name.</param>
/// <param name="Epochs">Epochs requested (the last one if training resumes).</param>
/// <param name="StartEpoch">1 normally; later when resuming from a checkpoint.</param>
/// <param name="BatchesPerEpoch">Training batches per epoch.</param>
public sealed record TrainingRun(string ModelName, int Epochs, int StartEpoch, int BatchesPerEpoch)
{
    /// <summary>Batches of <see cref="StartEpoch"/> already trained by the run resumed (0 unless it stopped mid-epoch).</summary>
    public int StartBatch { get; init; }

    /// <summary>Optimizer steps per epoch (batches divided by the accumulation steps, rounded up).</summary>
    public int StepsPerEpoch { get; init; }

    /// <summary>The model being trained; null only for runs made up by hand (tests).</summary>
    public torch.nn.Module? Model { get; init; }

    /// <summary>Loss, optimizer, schedule and step counters; set <see cref="TrainContext.StopTraining"/> to stop.</summary>
    public TrainContext? Context { get; init; }

    /// <summary>The run's history so far (a resumed run's epochs included); the same object Fit returns.</summary>
    public History History { get; init; } = new();

    /// <summary>The run's configuration (batch size, steps per epoch, schedule, optimizer, data), recorded in checkpoints so a resume is checked.</summary>
    public RunConfiguration? Configuration { get; init; }
}
