using System.Collections.Generic;

namespace ShapeSharp.Training;

/// <summary>What a callback sees after each optimizer step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Step">1-based global optimizer step since the start of training (survives resume).</param>
/// <param name="BatchInEpoch">1-based batch index inside the epoch.</param>
/// <param name="BatchesInEpoch">Batches in this epoch.</param>
/// <param name="Loss">This batch's training loss.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
public readonly record struct StepInfo(int Epoch, long Step, int BatchInEpoch, int BatchesInEpoch, double Loss, double LearningRate);

/// <summary>What a callback sees at the end of an epoch: every value that goes into the history.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Values">Column name to value: "loss", "val_loss", "lr", "accuracy", "val_accuracy", ...</param>
public sealed record EpochInfo(int Epoch, IReadOnlyDictionary<string, double> Values);

/// <summary>Observes training; Keras' Callback / Lightning's Callback. All members have no-op defaults.</summary>
public interface ITrainingCallback
{
    void OnTrainBegin(TrainingRun run) { }
    void OnEpochBegin(int epoch, int batchesInEpoch) { }
    void OnStep(StepInfo step) { }
    void OnEpochEnd(EpochInfo epoch) { }
    void OnTrainEnd(TrainingRun run, History history) { }
}

/// <summary>Describes the run to callbacks that need to size things (progress bars, plots).</summary>
/// <param name="ModelName">The model's class name.</param>
/// <param name="Epochs">Epochs requested (the last one if training resumes).</param>
/// <param name="StartEpoch">1 normally; later when resuming from a checkpoint.</param>
/// <param name="BatchesPerEpoch">Training batches per epoch.</param>
public sealed record TrainingRun(string ModelName, int Epochs, int StartEpoch, int BatchesPerEpoch);
