using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ShapeSharp.Training;

namespace ShapeSharp.Reporting;

/// <summary>
/// Keras-style progress: on a terminal, one bar per epoch redrawn in place with loss, learning
/// rate and ETA; when output is redirected (a log, CI), no bar: a plain line at each quarter of
/// the epoch and one summary line per epoch, so logs stay readable.
/// </summary>
public sealed class ProgressCallback : ITrainingCallback
{
    private const int BarWidth = 24;
    private readonly TextWriter _out;
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _redraw = new();
    private TrainingRun? _run;
    private int _epoch;
    private int _batches;
    private double _lossSum;
    private int _seen;

    /// <param name="output">Where to write (Console.Out by default).</param>
    /// <param name="interactive">Draw a bar in place; by default when stdout is a terminal and CI is not set.</param>
    public ProgressCallback(TextWriter? output = null, bool? interactive = null)
    {
        _out = output ?? Console.Out;
        Interactive = interactive ?? (!Console.IsOutputRedirected
            && Environment.GetEnvironmentVariable("CI") is null
            && Environment.GetEnvironmentVariable("TERM") != "dumb");
    }

    public bool Interactive { get; }

    public void OnTrainBegin(TrainingRun run)
    {
        _run = run;
        var resumed = run.StartEpoch > 1 ? $", resuming at epoch {run.StartEpoch}" : "";
        _out.WriteLine($"Training {run.ModelName}: {run.Epochs} epochs of {run.BatchesPerEpoch} batches{resumed}");
    }

    public void OnEpochBegin(int epoch, int batchesInEpoch)
    {
        _epoch = epoch;
        _batches = batchesInEpoch;
        _lossSum = 0;
        _seen = 0;
        _epochClock.Restart();
        _redraw.Restart();
    }

    public void OnStep(StepInfo step)
    {
        _lossSum += step.Loss;
        _seen = step.BatchInEpoch;
        if (Interactive)
        {
            if (_redraw.ElapsedMilliseconds >= 100 || step.BatchInEpoch == _batches)
            {
                _redraw.Restart();
                _out.Write("\r" + Line(step.LearningRate, withBar: true) + "\u001b[K");
                _out.Flush();
            }
        }
        else if (_batches >= 8 && step.BatchInEpoch % Math.Max(1, _batches / 4) == 0 && step.BatchInEpoch < _batches)
        {
            _out.WriteLine(Line(step.LearningRate, withBar: false));
        }
    }

    public void OnEpochEnd(EpochInfo epoch)
    {
        var text = new StringBuilder(EpochLabel());
        text.Append(CultureInfo.InvariantCulture, $"  {_batches}/{_batches}");
        foreach (var (name, value) in epoch.Values.Where(v => v.Key != "lr"))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name} {value:0.0000}");
        }

        if (epoch.Values.TryGetValue("lr", out var lr))
        {
            text.Append(CultureInfo.InvariantCulture, $"  lr {lr:0.0e+00}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  {_epochClock.Elapsed.TotalSeconds:0.0}s");
        _out.WriteLine((Interactive ? "\r" : "") + text + (Interactive ? "\u001b[K" : ""));
    }

    public void OnTrainEnd(TrainingRun run, History history)
    {
        if (history.Cancelled)
        {
            _out.WriteLine("Training cancelled.");
        }

        if (history.StoppedEarlyAt is int stopped)
        {
            _out.WriteLine($"Early stopping at epoch {stopped}" +
                (history.RestoredEpoch is int best ? $"; restored the weights of epoch {best}." : "."));
        }
    }

    private string EpochLabel() => $"Epoch {_epoch}/{_run?.Epochs ?? _epoch}";

    private string Line(double lr, bool withBar)
    {
        var fraction = _batches == 0 ? 1 : (double)_seen / _batches;
        var elapsed = _epochClock.Elapsed.TotalSeconds;
        var eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        var bar = withBar ? " [" + new string('#', (int)(fraction * BarWidth)).PadRight(BarWidth, '.') + "]" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{EpochLabel()}{bar}  {_seen}/{_batches}  loss {_lossSum / Math.Max(1, _seen):0.0000}  lr {lr:0.0e+00}  ETA {eta:0}s");
    }
}
