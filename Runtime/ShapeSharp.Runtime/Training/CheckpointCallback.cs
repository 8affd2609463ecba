using System;
using System.Linq;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Keras' ModelCheckpoint / Lightning's ModelCheckpoint: writes the whole run (weights, optimizer,
/// epoch, step, RNG state, history) to one file after every epoch, through <see cref="Checkpoint.Save(string, torch.nn.Module, torch.optim.Optimizer?, CheckpointInfo)"/>
/// (atomic). When training ends between epochs (cancelled, or stopped mid-epoch), it writes once more,
/// so the file holds exactly where the run stood and <see cref="TrainOptions.ResumeFrom"/> continues
/// at the next batch.
/// </summary>
public sealed class CheckpointCallback : ITrainingCallback
{
    private TrainingRun? _run;
    private long _startSteps;

    public CheckpointCallback(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The checkpoint file (full path).</summary>
    public string Path { get; }

    /// <summary>The last write of this run: completed epochs and optimizer steps; null before any.</summary>
    public (int Epoch, long Step)? Saved { get; private set; }

    /// <summary>The last write was made mid-epoch, when training was cancelled or stopped.</summary>
    public bool SavedMidEpoch { get; private set; }

    public void OnTrainBegin(TrainingRun run)
    {
        if (run.Model is null || run.Context is null)
        {
            throw new ArgumentException("CheckpointCallback needs the run's model and context (Trainer.Fit gives them).", nameof(run));
        }

        _run = run;
        _startSteps = run.Context.OptimizerSteps;
        Saved = null;
        SavedMidEpoch = false;
    }

    public void OnEpochEnd(EpochInfo epoch)
    {
        Save(epoch.Epoch);
        SavedMidEpoch = false;
    }

    public void OnTrainEnd(TrainingRun run, History history)
    {
        if (run.Context!.OptimizerSteps != (Saved?.Step ?? _startSteps))
        {
            Save(history.Epochs.Count > 0 ? history.Epochs[^1].Epoch : run.StartEpoch - 1);
            SavedMidEpoch = true;
        }
    }

    private void Save(int epoch)
    {
        var run = _run ?? throw new InvalidOperationException("CheckpointCallback: OnEpochEnd before OnTrainBegin.");
        var context = run.Context!;
        Checkpoint.Save(Path, run.Model!, context.Optimizer, new CheckpointInfo(epoch, context.OptimizerSteps, RngState(), run.History, run.Configuration, context.Scaler?.State));
        Saved = (epoch, context.OptimizerSteps);
    }

    private static byte[] RngState()
    {
        using var state = torch.random.get_rng_state();
        return state.bytes.ToArray();
    }
}
