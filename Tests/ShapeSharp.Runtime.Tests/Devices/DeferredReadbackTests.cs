using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>
/// The GPU's sync-once path, run on the CPU: with deferred read-back nothing in a step reads a value,
/// losses are read in one go per progress update, and callbacks, history and the NaN check see what
/// the per-step path sees.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public class DeferredReadbackTests
{
    private sealed class Recorder : ITrainingCallback
    {
        public TrainContext? Context { get; private set; }

        public List<BatchInfo> Batches { get; } = new();

        public List<StepInfo> Steps { get; } = new();

        public void OnTrainBegin(TrainingRun run) => Context = run.Context;

        public void OnBatchEnd(BatchInfo batch) => Batches.Add(batch);

        public void OnStep(StepInfo step) => Steps.Add(step);
    }

    private static (History History, Recorder Recorder, double[] Weights) Run(
        bool deferred, TensorDataset data, int accumulation = 1, double? clip = null, TimeSpan? interval = null)
    {
        using var model = SeededTinyModel.Create(21);
        var recorder = new Recorder();
        var trainer = new Trainer(new TrainOptions
        {
            Epochs = 3,
            Device = CPU,
            AccumulationSteps = accumulation,
            MaxGradNorm = clip,
            Callbacks = new ITrainingCallback[] { recorder },
        })
        {
            DeferReadback = deferred,
            ReadInterval = interval ?? TimeSpan.FromHours(1),
        };
        var history = trainer.Fit(model, new DataLoader(data, 8, shuffle: true, seed: 3), new DataLoader(data, 16));
        return (history, recorder, DevicePlacementTests.Weights(model));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]  // 9 batches: the epoch's end cuts the last period short (Flush)
    [InlineData(3)]
    public void History_and_callbacks_equal_the_per_step_run(int accumulation)
    {
        using var data = TinyModel.Data(70, 2);  // 9 batches, the last one short
        var eager = Run(deferred: false, data, accumulation);
        var deferred = Run(deferred: true, data, accumulation);

        Assert.Equal(eager.Weights, deferred.Weights);
        Assert.Equal(eager.History.Epochs.Select(e => e.Values.OrderBy(v => v.Key).ToList()),
            deferred.History.Epochs.Select(e => e.Values.OrderBy(v => v.Key).ToList()));
        Assert.Equal(27, deferred.Recorder.Batches.Count);
        Assert.Equal(eager.Recorder.Batches, deferred.Recorder.Batches);
        Assert.Equal(eager.Recorder.Steps, deferred.Recorder.Steps);
        Assert.All(deferred.Recorder.Batches, b => Assert.True(float.IsFinite((float)b.Loss)));
    }

    [Fact]
    public void Losses_are_read_once_per_epoch_when_no_progress_update_falls_due()
    {
        using var data = TinyModel.Data(64, 2);  // 8 batches a epoch
        var deferred = Run(deferred: true, data);
        Assert.Equal(3, deferred.Recorder.Context!.Readbacks);  // one per epoch, not 24
        Assert.Equal(0, deferred.Recorder.Context.PendingLosses);

        var eager = Run(deferred: false, data);
        Assert.Equal(0, eager.Recorder.Context!.Readbacks);  // the CPU path reads each loss in Step, as before
    }

    [Fact]
    public void A_zero_read_interval_reads_after_every_batch_with_the_same_results()
    {
        using var data = TinyModel.Data(64, 2);
        var every = Run(deferred: true, data, interval: TimeSpan.Zero);
        var once = Run(deferred: true, data);
        Assert.Equal(24, every.Recorder.Context!.Readbacks);
        Assert.Equal(once.Recorder.Batches, every.Recorder.Batches);
        Assert.Equal(once.Weights, every.Weights);
    }

    [Fact]
    public void A_nan_loss_is_reported_at_the_read_naming_its_step_after_the_batches_before_it()
    {
        using var clean = TinyModel.Data(64, 2);
        using var inputs = clean.Inputs.clone();
        inputs[44, 0] = tensor(float.NaN);  // unshuffled batch 6 (samples 40..47) of epoch 2 is step 14
        using var poisoned = new TensorDataset(inputs, clean.Targets.clone());
        using var model = SeededTinyModel.Create(21);
        var recorder = new Recorder();
        var trainer = new Trainer(new TrainOptions { Epochs = 3, Device = CPU, Callbacks = new ITrainingCallback[] { recorder } })
        {
            DeferReadback = true,
            ReadInterval = TimeSpan.FromHours(1),
        };

        // Epoch 1 is clean: the poisoned row comes in only from epoch 2 (a dataset swap would need a new loader).
        var loader = new SwitchingSource(new DataLoader(clean, 8), new DataLoader(poisoned, 8));
        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(model, loader));
        Assert.Equal(14, error.Step);
        Assert.Equal(2, error.Epoch);
        Assert.Contains("step 14 (epoch 2)", error.Message);
        Assert.Equal(13, recorder.Batches.Count);  // every batch before the bad one was reported
        Assert.Equal(13, recorder.Steps[^1].Step);
    }

    [Fact]
    public void Train_context_read_losses_returns_what_the_per_step_path_returns()
    {
        using var data = TinyModel.Data(16, 2);
        using var a = SeededTinyModel.Create(8);
        using var b = SeededTinyModel.Create(8);
        using var optimizerA = a.Defaults.CreateOptimizer(a, null);
        using var optimizerB = b.Defaults.CreateOptimizer(b, null);
        var eager = new TrainContext(a, optimizerA, a.Defaults.ResolveLoss(null));
        var deferred = new TrainContext(b, optimizerB, b.Defaults.ResolveLoss(null)) { DeferReadback = true };

        var expected = new[] { a.TrainStep(eager, data.Inputs, data.Targets), a.TrainStep(eager, data.Inputs, data.Targets) };
        Assert.True(float.IsNaN(b.TrainStep(deferred, data.Inputs, data.Targets)));
        b.TrainStep(deferred, data.Inputs, data.Targets);
        Assert.Equal(2, deferred.PendingLosses);

        Assert.Equal(expected, deferred.ReadLosses());
        Assert.Equal(0, deferred.PendingLosses);
        Assert.Empty(deferred.ReadLosses());
    }

    [Fact]
    public void Train_context_read_losses_throws_for_the_first_non_finite_one()
    {
        using var data = TinyModel.Data(16, 2);
        using var model = SeededTinyModel.Create(8);
        using var optimizer = model.Defaults.CreateOptimizer(model, null);
        var context = new TrainContext(model, optimizer, model.Defaults.ResolveLoss(null)) { DeferReadback = true, Epoch = 4 };
        using var poisoned = data.Inputs.clone();
        poisoned[0, 0] = tensor(float.PositiveInfinity);

        model.TrainStep(context, data.Inputs, data.Targets);
        model.TrainStep(context, poisoned, data.Targets);  // no read, so no throw yet
        model.TrainStep(context, data.Inputs, data.Targets);
        var error = Assert.Throws<NonFiniteLossException>(() => context.ReadLosses());
        Assert.Equal(2, error.Step);
        Assert.Equal(4, error.Epoch);
        Assert.Equal(0, context.PendingLosses);
    }

    [Fact]
    public void Clipping_on_the_device_matches_torch_clip_grad_norm()
    {
        using var data = TinyModel.Data(70, 2);
        var eager = Run(deferred: false, data, clip: 0.05);
        var deferred = Run(deferred: true, data, clip: 0.05);
        Assert.All(eager.Weights.Zip(deferred.Weights), pair => Assert.Equal(pair.First, pair.Second, 5));
        Assert.All(eager.History.Epochs.Zip(deferred.History.Epochs),
            pair => Assert.Equal(pair.First.Values["loss"], pair.Second.Values["loss"], 5));
        var eagerNorm = eager.Recorder.Context!.LastGradNorm;
        var deferredNorm = deferred.Recorder.Context!.LastGradNorm;
        Assert.True(eagerNorm > 0.05, $"the cap clipped: norm {eagerNorm}");
        Assert.Equal(eagerNorm, deferredNorm, 4);
    }

    /// <summary>Epoch 1 from one source, every later epoch from another.</summary>
    private sealed class SwitchingSource(IBatchSource first, IBatchSource later) : IBatchSource
    {
        private int _epoch = 1;

        public int BatchCount => first.BatchCount;

        public long SampleCount => first.SampleCount;

        public void SetEpoch(int epoch) => _epoch = epoch;

        public IEnumerator<Batch> GetEnumerator() => (_epoch == 1 ? first : later).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
