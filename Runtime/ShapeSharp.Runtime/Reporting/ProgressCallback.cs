using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ShapeSharp.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ShapeSharp.Reporting;

/// <summary>
/// Keras-style progress. On a terminal, a live Spectre.Console display: a bar for the current epoch
/// with the running loss, learning rate, throughput, percentage and ETA, which gives way at the
/// epoch's end to one line of its values (validation metrics included). When output is redirected (a log, CI), no bar: a plain line at
/// each quarter of the epoch and one summary line per epoch, so logs stay readable.
/// </summary>
/// <remarks>
/// The live display runs on a background thread of its own (Spectre's Progress is a scope that
/// blocks its caller) from <see cref="ITrainingCallback.OnTrainBegin"/> to
/// <see cref="ITrainingCallback.OnTrainEnd"/>; <see cref="Dispose"/> ends it when training ended with
/// an exception. Write to the console through <see cref="Console"/> while it runs.
/// </remarks>
public sealed class ProgressCallback : ITrainingCallback, IDisposable
{
    private readonly TextWriter _out;
    private readonly Stopwatch _epochClock = new();
    private TrainingRun? _run;
    private int _epoch;
    private int _batches;
    private int _seen;
    private int _firstBatch;
    private double _lossSum;
    private long _samples;
    private double _lr;
    private LiveBars? _live;

    /// <param name="output">Where to write (Console.Out by default).</param>
    /// <param name="interactive">Draw live bars; by default when stdout is a terminal and CI is not set.</param>
    public ProgressCallback(TextWriter? output = null, bool? interactive = null)
    {
        _out = output ?? System.Console.Out;
        Interactive = interactive ?? (!System.Console.IsOutputRedirected
            && Environment.GetEnvironmentVariable("CI") is null
            && Environment.GetEnvironmentVariable("TERM") != "dumb");
        Console = output is null && Interactive
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(_out),
                Ansi = Interactive ? AnsiSupport.Yes : AnsiSupport.No,
                Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            });
    }

    /// <summary>Draws the live display on <paramref name="console"/> (tests give one writing to a string).</summary>
    public ProgressCallback(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        Console = console;
        _out = console.Profile.Out.Writer;
        Interactive = true;
    }

    public bool Interactive { get; }

    /// <summary>The console the display draws on; lines written through it appear above the bars.</summary>
    public IAnsiConsole Console { get; }

    public void OnTrainBegin(TrainingRun run)
    {
        _run = run;
        var resumed = run.StartEpoch > 1 || run.StartBatch > 0
            ? $", resuming at epoch {run.StartEpoch}" + (run.StartBatch > 0 ? $" after batch {run.StartBatch}" : "")
            : "";
        WriteLine($"Training {run.ModelName}: {run.Epochs} epochs of {run.BatchesPerEpoch} batches{resumed}");
        if (Interactive && run.StartEpoch <= run.Epochs)
        {
            _live?.Dispose();
            _live = new LiveBars(Console);
        }
    }

    public void OnEpochBegin(int epoch, int batchesInEpoch)
    {
        _epoch = epoch;
        _batches = batchesInEpoch;
        _firstBatch = _run is { } run && epoch == run.StartEpoch ? run.StartBatch : 0;
        _seen = _firstBatch;
        _lossSum = 0;
        _samples = 0;
        _epochClock.Restart();
        _live?.AddEpoch(EpochLabel(), batchesInEpoch, _firstBatch);
    }

    public void OnBatchEnd(BatchInfo batch)
    {
        _lossSum += batch.Loss;
        _samples += batch.Samples;
        _seen = batch.BatchInEpoch;
        _lr = batch.LearningRate;
        if (_live is not null)
        {
            _live.Update(_seen, Line(withCount: false, withLabel: false));
        }
        else if (_batches >= 8 && _seen % Math.Max(1, _batches / 4) == 0 && _seen < _batches)
        {
            WriteLine(Line(withCount: true, withLabel: true));
        }
    }

    public void OnEpochEnd(EpochInfo epoch)
    {
        var values = new StringBuilder();
        foreach (var (name, value) in epoch.Values.Where(v => v.Key != "lr"))
        {
            values.Append(CultureInfo.InvariantCulture, $"  {name} {value:0.0000}");
        }

        if (epoch.Values.TryGetValue("lr", out var lr))
        {
            values.Append(CultureInfo.InvariantCulture, $"  lr {lr:0.0e+00}");
        }

        var seconds = string.Create(CultureInfo.InvariantCulture, $"  {_epochClock.Elapsed.TotalSeconds:0.0}s");
        if (_live is not null)
        {
            // The finished bar gives way to the epoch's line, which wraps cleanly at any width.
            _live.Finish();
            var elapsed = _epochClock.Elapsed.TotalSeconds;
            var throughput = string.Create(CultureInfo.InvariantCulture, $"  {(elapsed > 0 ? _samples / elapsed : 0):0} samples/s");
            WriteLine($"{EpochLabel()}  {_batches}/{_batches}{values}{throughput}{seconds}");
        }
        else
        {
            WriteLine($"{EpochLabel()}  {_batches}/{_batches}{values}{seconds}");
        }
    }

    public void OnTrainEnd(TrainingRun run, History history)
    {
        Dispose();
        if (history.Cancelled)
        {
            WriteLine("Training cancelled.");
        }

        if (history.StoppedEarlyAt is int stopped)
        {
            WriteLine($"Early stopping at epoch {stopped}" +
                (history.RestoredEpoch is int best ? $"; restored the weights of epoch {best}." : "."));
        }
    }

    /// <summary>Ends the live display (idempotent).</summary>
    public void Dispose()
    {
        _live?.Dispose();
        _live = null;
    }

    private void WriteLine(string text)
    {
        if (Interactive)
        {
            Console.WriteLine(text);
        }
        else
        {
            _out.WriteLine(text);
        }
    }

    private string EpochLabel() => $"Epoch {_epoch}/{_run?.Epochs ?? _epoch}";

    private string Line(bool withCount, bool withLabel)
    {
        var trained = _seen - _firstBatch;
        var elapsed = _epochClock.Elapsed.TotalSeconds;
        var fraction = _batches - _firstBatch <= 0 ? 1 : (double)trained / (_batches - _firstBatch);
        var eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        var throughput = elapsed > 0 ? _samples / elapsed : 0;
        var count = withCount ? $"  {_seen}/{_batches}" : "";
        var label = withLabel ? EpochLabel() + count + "  " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}loss {_lossSum / Math.Max(1, trained):0.0000}  lr {_lr:0.0e+00}  {throughput:0} samples/s  ETA {eta:0}s");
    }

    /// <summary>The epoch's running values (loss, lr, throughput), then its results; kept in the task's Tag.</summary>
    private sealed class ValuesColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag as string ?? "");
    }

    /// <summary>Spectre's Progress, held open on its own thread; one task (bar) per epoch.</summary>
    private sealed class LiveBars : IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private readonly Thread _thread;
        private readonly Stopwatch _refreshed = new();
        private ProgressContext? _context;
        private ProgressTask? _current;

        public LiveBars(IAnsiConsole console)
        {
            using var ready = new ManualResetEventSlim();
            Exception? failure = null;
            _thread = new Thread(() =>
            {
                try
                {
                    console.Progress()
                        .AutoClear(false)
                        .HideCompleted(false)
                        .Columns(
                            new TaskDescriptionColumn { Alignment = Justify.Left },
                            new ProgressBarColumn { Width = 20 },
                            new PercentageColumn(),
                            new RemainingTimeColumn(),
                            new ValuesColumn())
                        .Start(context =>
                        {
                            _context = context;
                            ready.Set();
                            _done.Wait();
                        });
                }
                catch (Exception e)
                {
                    failure = e;
                    ready.Set();
                }
            })
            { IsBackground = true, Name = "ShapeSharp progress" };
            _thread.Start();
            ready.Wait();
            if (failure is not null)
            {
                throw new InvalidOperationException($"The progress display could not start: {failure.Message}", failure);
            }
        }

        public void AddEpoch(string label, int batches, int done)
        {
            _current = _context!.AddTask(Markup.Escape(label), autoStart: true, maxValue: Math.Max(1, batches));
            _current.Value = done;
            _context.Refresh();
            _refreshed.Restart();
        }

        public void Update(int batch, string description)
        {
            if (_current is null)
            {
                return;
            }

            var first = _current.Tag is null;
            _current.Tag = description;
            _current.Value = batch;
            if (first || _refreshed.ElapsedMilliseconds >= 200)
            {
                // Spectre redraws on its own timer too; this keeps short epochs from finishing unseen.
                _context!.Refresh();
                _refreshed.Restart();
            }
        }

        public void Finish()
        {
            if (_current is null)
            {
                return;
            }

            _current.Value = _current.MaxValue;
            _current.StopTask();
            _context!.RemoveTask(_current);
            _context.Refresh();
            _current = null;
        }

        public void Dispose()
        {
            if (_done.IsSet)
            {
                return;
            }

            _current?.StopTask();
            _done.Set();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
