namespace ShapeSharp.Training;

/// <summary>Where a run stood when its checkpoint was written.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps taken (the schedule is at the same step).</param>
/// <param name="RngState">torch's CPU generator state after the epoch; null when not saved.</param>
/// <param name="History">The per-epoch values so far.</param>
/// <param name="Run">How the run was set up (batch size, schedule, data...), checked on resume; null when not recorded.</param>
/// <param name="LossScale">A float16 run's loss scaling, so a resume goes on with its scale; null for other runs and format-2 files.</param>
public sealed record CheckpointInfo(int Epoch, long Step, byte[]? RngState, History History, RunConfiguration? Run = null, LossScaleState? LossScale = null);
