using System;
using System.Linq;

namespace ShapeSharp.Training;

/// <summary>
/// Keras' EarlyStopping as a callback: follows <see cref="EarlyStoppingAttribute.Monitor"/> epoch by
/// epoch, sets <see cref="TrainContext.StopTraining"/> when patience runs out, and at the end puts
/// back the best epoch's weights. The trainer adds one for a declared <c>[EarlyStopping]</c> (or
/// <see cref="TrainOptions.EarlyStopping"/>) unless the callbacks already hold one.
/// </summary>
/// <remarks>
/// A run stopped mid-epoch (cancelled) keeps its current weights, so that a checkpoint written at
/// its end resumes it exactly. After a resume, only epochs trained in this process can be restored
/// (the checkpoint holds the last weights, not the best).
/// </remarks>
public sealed class EarlyStoppingCallback : ITrainingCallback, IDisposable
{
    private EarlyStoppingTracker? _tracker;
    private TrainingRun? _run;

    public EarlyStoppingCallback(EarlyStoppingAttribute rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Patience < 0 || rule.MinDelta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), "EarlyStopping: Patience and MinDelta must be >= 0.");
        }

        Rule = rule;
    }

    public EarlyStoppingAttribute Rule { get; }

    /// <summary>The best epoch so far (0 before the first).</summary>
    public int BestEpoch => _tracker?.BestEpoch ?? 0;

    public void OnTrainBegin(TrainingRun run)
    {
        _tracker?.Dispose();
        _tracker = new EarlyStoppingTracker(Rule);
        _run = run;
        foreach (var past in run.History.Epochs)
        {
            _tracker.Update(past.Epoch, past.Values, model: null);
        }
    }

    public void OnEpochEnd(EpochInfo epoch)
    {
        var run = _run ?? throw new InvalidOperationException("EarlyStoppingCallback: OnEpochEnd before OnTrainBegin.");
        if (_tracker!.Update(epoch.Epoch, epoch.Values, run.Model))
        {
            if (run.Context is { } context)
            {
                context.StopTraining = true;
            }

            run.History.StoppedEarlyAt = epoch.Epoch;
        }
    }

    public void OnTrainEnd(TrainingRun run, History history)
    {
        if (_tracker is null)
        {
            return;
        }

        var midEpoch = run.Context is { } context && history.Epochs.Count > 0 && run.StepsPerEpoch > 0
            && context.OptimizerSteps != (long)history.Epochs[^1].Epoch * run.StepsPerEpoch;
        if (!history.Cancelled && !midEpoch && run.Model is { } model && history.Epochs.Count > 0
            && _tracker.RestoreBest(model, history.Epochs[^1].Epoch))
        {
            history.RestoredEpoch = _tracker.BestEpoch;
        }

        _tracker.Dispose();
    }

    public void Dispose() => _tracker?.Dispose();
}
