using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A validation "metric" that reports a scripted value per epoch.</summary>
    private sealed class Scripted : IMetric
    {
        private readonly double[] _values;
        private int _epoch;

        public Scripted(double[] values) => _values = values;

        public string Name => "scripted";

        public void Update(Tensor output, Tensor target) { }

        public double Compute() => _values[_epoch++];

        public void Reset() { }
    }

    private sealed class Recorder : ITrainingCallback
    {
        public List<float[]> WeightsAfterEpoch { get; } = new();

        public Func<StepInfo, bool>? CancelWhen { get; init; }

        public CancellationTokenSource Source { get; } = new();

        public nn.Module? Model { get; set; }

        public void OnEpochEnd(EpochInfo epoch) => WeightsAfterEpoch.Add(TinyModel.Weights(Model!));

        public void OnStep(StepInfo step)
        {
            if (CancelWhen?.Invoke(step) == true)
            {
                Source.Cancel();
            }
        }
    }

    [Fact]
    public void Early_stopping_stops_at_the_right_epoch_and_restores_the_best_weights()
    {
        manual_seed(11);
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var recorder = new Recorder { Model = model };
        var scripted = new Scripted(new[] { 1.0, 0.8, 0.85, 0.9, 0.5, 0.4 });
        var history = new Trainer(new TrainOptions
        {
            Epochs = 6,
            Metrics = new Func<IMetric>[] { () => scripted },
            EarlyStopping = new EarlyStoppingAttribute(patience: 2) { Monitor = "val_scripted", Mode = MonitorMode.Min },
            Callbacks = new ITrainingCallback[] { recorder },
        }).Fit(model, new DataLoader(data, 16, shuffle: true, seed: 1), new DataLoader(data, 64));

        Assert.Equal(4, history.StoppedEarlyAt);  // best at 2, no improvement at 3 and 4
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(2, history.RestoredEpoch);
        Assert.Equal(recorder.WeightsAfterEpoch[1], TinyModel.Weights(model));
        Assert.NotEqual(recorder.WeightsAfterEpoch[3], TinyModel.Weights(model));
    }

    [Fact]
    public void Min_delta_counts_small_improvements_as_none()
    {
        using var data = TinyModel.Data(32, 4);
        using var model = new TinyModel();
        var history = new Trainer(new TrainOptions
        {
            Epochs = 10,
            Metrics = new Func<IMetric>[] { () => new Scripted(new[] { 1.0, 0.99, 0.98, 0.97, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0 }) },
            EarlyStopping = new EarlyStoppingAttribute(patience: 3) { Monitor = "val_scripted", Mode = MonitorMode.Min, MinDelta = 0.05 },
        }).Fit(model, new DataLoader(data, 16), new DataLoader(data, 32));
        Assert.Equal(4, history.StoppedEarlyAt);
    }

    private static (TinyModel Model, History History) Run(int epochs, string checkpoint, string? resume, int initSeed, int? stopAfterEpoch = null, bool fused = false)
    {
        using var stop = new CancellationTokenSource();
        var model = new TinyModel(new TrainingDefaults
        {
            Loss = new CrossEntropyLossAttribute { LabelSmoothing = 0.1 },
            Optimizer = new AdamWAttribute(0.01) { Fused = fused, NoDecayOnBiasAndNorm = fused },
            Schedule = new WarmupCosineDecayAttribute { WarmupSteps = 5 },
        }, seed: initSeed);
        var data = TinyModel.Data(96, 9);
        var history = new Trainer(new TrainOptions
        {
            Epochs = epochs,
            Seed = 21,
            ResumeFrom = resume,
            Metrics = new Func<IMetric>[] { () => new Accuracy() },
            Callbacks = new ITrainingCallback[] { new CheckpointCallback(checkpoint), new EpochEnd(e => { if (e.Epoch == stopAfterEpoch) stop.Cancel(); }) },
            CancellationToken = stop.Token,
        }).Fit(model, new DataLoader(data, 16, shuffle: true, seed: 5), new DataLoader(data, 96));
        return (model, history);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resuming_from_a_checkpoint_gives_the_same_weights_as_an_uninterrupted_run(bool fused)
    {
        var (straight, straightHistory) = Run(4, Path.Combine(_temp.Path, "a.ckpt"), null, initSeed: 1, fused: fused);
        var first = Path.Combine(_temp.Path, "b.ckpt");
        var (half, halfHistory) = Run(4, first, null, initSeed: 1, stopAfterEpoch: 2, fused: fused);  // interrupted after epoch 2
        Assert.True(halfHistory.Cancelled);
        Assert.Equal(2, halfHistory.Epochs.Count);
        Assert.NotEqual(TinyModel.Weights(straight), TinyModel.Weights(half));
        var (resumed, resumedHistory) = Run(4, Path.Combine(_temp.Path, "c.ckpt"), first, initSeed: 99, fused: fused);  // other initial weights: all come from the checkpoint

        Assert.Equal(TinyModel.Weights(straight), TinyModel.Weights(resumed));
        Assert.Equal(straightHistory.Series("loss"), resumedHistory.Series("loss"));
        Assert.Equal(straightHistory.Series("lr"), resumedHistory.Series("lr"));
        Assert.Equal(4, resumedHistory.Epochs.Count);
    }

    [Fact]
    public void An_interrupted_checkpoint_write_leaves_the_previous_one_readable()
    {
        using var model = new TinyModel();
        var path = Path.Combine(_temp.Path, "run.ckpt");
        var saved = TinyModel.Weights(model);
        Checkpoint.Save(path, model, null, new CheckpointInfo(1, 10, null, new History()));

        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.add_(1);
            }
        }

        Assert.Throws<IOException>(() => Checkpoint.Save(path, model, null, new CheckpointInfo(2, 20, null, new History()), s => new FailingStream(s, 300)));
        Assert.Single(Directory.GetFiles(_temp.Path));  // no temporary file left behind

        using var fresh = new TinyModel();
        var info = Checkpoint.Load(path, fresh);
        Assert.Equal(1, info.Epoch);
        Assert.Equal(saved, TinyModel.Weights(fresh));
    }

    [Fact]
    public void A_checkpoint_that_does_not_fit_leaves_the_model_unchanged_and_names_the_parameter()
    {
        var path = Path.Combine(_temp.Path, "wide.ckpt");
        using (var wide = new TinyModel(inputs: 5))
        {
            Checkpoint.Save(path, wide, null, new CheckpointInfo(1, 1, null, new History()));
        }

        using var model = new TinyModel(inputs: 4);
        var before = TinyModel.Weights(model);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, model));
        Assert.Contains("TinyModel", error.Message);
        Assert.Contains("layers_0.weight", error.Message);
        Assert.Contains("[8, 5]", error.Message);
        Assert.Contains("[8, 4]", error.Message);
        Assert.Equal(before, TinyModel.Weights(model));
    }

    [Fact]
    public void A_truncated_checkpoint_is_a_clear_error_and_changes_nothing()
    {
        var path = Path.Combine(_temp.Path, "cut.ckpt");
        using var model = new TinyModel();
        Checkpoint.Save(path, model, null, new CheckpointInfo(1, 1, null, new History()));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.Take(bytes.Length - 40).ToArray());
        using var other = new TinyModel();
        var before = TinyModel.Weights(other);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, other));
        Assert.Contains("truncated", error.Message);
        Assert.Equal(before, TinyModel.Weights(other));
    }

    [Fact]
    public void Nan_loss_stops_training_with_the_step_number()
    {
        using var data = TinyModel.Data(64, 4);
        data.Inputs[40, 1] = tensor(float.PositiveInfinity);  // batch 3 of 4 (batch size 16, no shuffle)
        using var model = new TinyModel();
        var error = Assert.Throws<NonFiniteLossException>(() =>
            new Trainer(new TrainOptions { Epochs = 2 }).Fit(model, new DataLoader(data, 16)));
        Assert.Equal(3, error.Step);
        Assert.Equal(1, error.Epoch);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_step()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var recorder = new Recorder { Model = model, CancelWhen = s => s.Step == 3 };
        long steps = 0;
        var history = new Trainer(new TrainOptions
        {
            Epochs = 5,
            Device = CPU,  // off it a cancel requested from a callback lands at the deferred read (docs/training.md)
            Callbacks = new ITrainingCallback[] { recorder, new StepCounter(s => steps = s.Step) },
            CancellationToken = recorder.Source.Token,
        }).Fit(model, new DataLoader(data, 8));
        Assert.True(history.Cancelled);
        Assert.Equal(3, steps);
        Assert.Empty(history.Epochs);
    }

    [Fact]
    public void Validation_reports_loss_and_prefixed_metrics_and_the_model_learns()
    {
        manual_seed(2);
        using var train = TinyModel.Data(512, 7);
        using var test = TinyModel.Data(256, 8);
        using var model = new TinyModel(new TrainingDefaults { Loss = new CrossEntropyLossAttribute(), Optimizer = new AdamAttribute(0.02) });
        var history = new Trainer(new TrainOptions
        {
            Epochs = 8,
            Metrics = new Func<IMetric>[] { () => new Accuracy() },
        }).Fit(model, new DataLoader(train, 32, shuffle: true, seed: 3), new DataLoader(test, 128));
        Assert.Equal(new[] { "loss", "lr", "val_loss", "val_accuracy" }, history.Columns);
        Assert.True(history.Series("val_accuracy").Last() > 0.9, $"val_accuracy {history.Series("val_accuracy").Last()}");
        Assert.True(history.Series("loss").Last() < history.Series("loss").First());
    }

    private sealed class EpochEnd : ITrainingCallback
    {
        private readonly Action<EpochInfo> _onEpochEnd;

        public EpochEnd(Action<EpochInfo> onEpochEnd) => _onEpochEnd = onEpochEnd;

        public void OnEpochEnd(EpochInfo epoch) => _onEpochEnd(epoch);
    }

    private sealed class StepCounter : ITrainingCallback
    {
        private readonly Action<StepInfo> _onStep;

        public StepCounter(Action<StepInfo> onStep) => _onStep = onStep;

        public void OnStep(StepInfo step) => _onStep(step);
    }

    /// <summary>Passes writes through until a byte budget runs out, then fails like a full disk.</summary>
    private sealed class FailingStream : Stream
    {
        private readonly Stream _inner;
        private long _budget;

        public FailingStream(Stream inner, long budget)
        {
            _inner = inner;
            _budget = budget;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (count > _budget)
            {
                _inner.Write(buffer, offset, (int)_budget);
                _budget = 0;
                throw new IOException("No space left on device (simulated).");
            }

            _budget -= count;
            _inner.Write(buffer, offset, count);
        }
    }
}
