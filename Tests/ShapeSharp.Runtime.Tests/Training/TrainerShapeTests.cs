using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using ShapeSharp.Reporting;
using ShapeSharp.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

/// <summary>
/// The Keras/Lightning shape of the trainer (issue 16, item 7): callbacks that stop training,
/// separate batch and optimizer-step hooks, a user's optimizer, Evaluate/Predict through call,
/// checkpoints and early stopping as callbacks, and a Ctrl-C checkpoint that resumes mid-epoch.
/// </summary>
public sealed class TrainerShapeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Any hook as a lambda; records every call.</summary>
    private sealed class Hooks : ITrainingCallback
    {
        public TrainingRun? Run { get; private set; }

        public List<BatchInfo> Batches { get; } = new();

        public List<StepInfo> Steps { get; } = new();

        public List<int> Epochs { get; } = new();

        public Action<Hooks, BatchInfo>? AfterBatch { get; init; }

        public Action<Hooks, EpochInfo>? AfterEpoch { get; init; }

        public void OnTrainBegin(TrainingRun run) => Run = run;

        public void OnBatchEnd(BatchInfo batch)
        {
            Batches.Add(batch);
            AfterBatch?.Invoke(this, batch);
        }

        public void OnStep(StepInfo step) => Steps.Add(step);

        public void OnEpochEnd(EpochInfo epoch)
        {
            Epochs.Add(epoch.Epoch);
            AfterEpoch?.Invoke(this, epoch);
        }
    }

    [Fact]
    public void A_callback_stops_training_after_the_epoch_by_setting_StopTraining()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var hooks = new Hooks { AfterEpoch = (h, e) => h.Run!.Context!.StopTraining = e.Epoch == 2 };
        var history = new Trainer(new TrainOptions { Epochs = 5, Callbacks = new ITrainingCallback[] { hooks } })
            .Fit(model, new DataLoader(data, 8));

        Assert.Equal(new[] { 1, 2 }, hooks.Epochs);
        Assert.Equal(2, history.Epochs.Count);
        Assert.True(history.Stopped);
        Assert.False(history.Cancelled);
    }

    [Fact]
    public void A_callback_stops_training_mid_epoch_after_the_current_optimizer_step()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel(new TrainingDefaults
        {
            Loss = new CrossEntropyLossAttribute(),
            Optimizer = new SGDAttribute(0.1),
            GradientAccumulation = new GradientAccumulationAttribute(2),
        });
        // Asked at batch 3, the middle of the second accumulation period: batch 4 still runs, so
        // the period's gradients are applied rather than dropped.
        var hooks = new Hooks { AfterBatch = (h, b) => h.Run!.Context!.StopTraining |= b.BatchInEpoch == 3 };
        // On the CPU: off it a stop from a batch callback lands at the deferred read (docs/training.md).
        var history = new Trainer(new TrainOptions { Epochs = 3, Device = CPU, Callbacks = new ITrainingCallback[] { hooks } })
            .Fit(model, new DataLoader(data, 8));

        Assert.Equal(4, hooks.Batches.Count);
        Assert.Equal(2, hooks.Steps.Count);
        Assert.Empty(history.Epochs);
        Assert.True(history.Stopped);
    }

    [Fact]
    public void With_gradient_accumulation_OnStep_fires_once_per_optimizer_step_and_OnBatchEnd_once_per_batch()
    {
        using var data = TinyModel.Data(72, 4);  // 9 batches of 8: four full periods of 2 and one cut short
        using var model = new TinyModel(new TrainingDefaults
        {
            Loss = new CrossEntropyLossAttribute(),
            Optimizer = new SGDAttribute(0.1),
            GradientAccumulation = new GradientAccumulationAttribute(2),
        });
        var hooks = new Hooks();
        new Trainer(new TrainOptions { Epochs = 2, Callbacks = new ITrainingCallback[] { hooks } }).Fit(model, new DataLoader(data, 8));

        Assert.Equal(18, hooks.Batches.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(s => (long)s), hooks.Steps.Select(s => s.Step));
        Assert.Equal(new[] { 2, 4, 6, 8, 9 }, hooks.Steps.Take(5).Select(s => s.BatchInEpoch));
        // A step's loss is the mean of its batches' losses (equal batch sizes here).
        Assert.Equal((hooks.Batches[0].Loss + hooks.Batches[1].Loss) / 2, hooks.Steps[0].Loss, 1e-6);
        Assert.Equal(hooks.Batches[8].Loss, hooks.Steps[4].Loss, 1e-6);
    }

    [Fact]
    public void TensorBoard_logs_each_optimizer_step_once_with_gradient_accumulation()
    {
        using var data = TinyModel.Data(64, 4);  // 8 batches, accumulation 2: 4 steps per epoch
        using var model = new TinyModel(new TrainingDefaults
        {
            Loss = new CrossEntropyLossAttribute(),
            Optimizer = new SGDAttribute(0.1),
            GradientAccumulation = new GradientAccumulationAttribute(2),
        });
        var logDir = _temp.File("tb");
        new Trainer(new TrainOptions { Epochs = 2, Callbacks = new ITrainingCallback[] { new TensorBoardCallback(logDir, logSteps: true) } })
            .Fit(model, new DataLoader(data, 8));

        var events = Encoding.UTF8.GetString(File.ReadAllBytes(Assert.Single(Directory.GetFiles(logDir, "events.out.tfevents.*"))));
        Assert.Equal(8, Regex.Matches(events, "step/loss").Count);
        Assert.Equal(2, Regex.Matches(events, "epoch/loss").Count);
    }

    [Fact]
    public void A_ready_made_optimizer_is_used_and_left_to_its_owner()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();  // declares SGD at 0.1
        var before = TinyModel.Weights(model);
        using var frozen = optim.SGD(model.parameters(), 0.0);  // a rate of 0 changes nothing
        // On the CPU, where the optimizer was made: Fit refuses one for a model on another device.
        new Trainer(new TrainOptions { Epochs = 2, Device = CPU }).Fit(model, new DataLoader(data, 8), optimizer: frozen);
        Assert.Equal(before, TinyModel.Weights(model));

        frozen.zero_grad();  // still usable: Fit did not dispose it
        Assert.Equal(0.0, frozen.ParamGroups.First().LearningRate);

        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainOptions { Epochs = 1, Device = CPU, LearningRate = 0.5 }).Fit(model, new DataLoader(data, 8), optimizer: frozen));
        Assert.Contains("LearningRate", error.Message);
    }

    [Fact]
    public void An_optimizer_factory_makes_the_optimizer_and_refuses_options_it_would_ignore()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var made = 0;
        torch.optim.Optimizer Factory(nn.Module m)
        {
            made++;
            return optim.Adam(m.parameters(), 0.05);
        }

        var hooks = new Hooks();
        new Trainer(new TrainOptions { Epochs = 1, OptimizerFactory = Factory, Callbacks = new ITrainingCallback[] { hooks } })
            .Fit(model, new DataLoader(data, 8));
        Assert.Equal(1, made);
        Assert.All(hooks.Batches, b => Assert.Equal(0.05, b.LearningRate, 1e-12));

        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainOptions { Epochs = 1, OptimizerFactory = Factory, LearningRate = 0.1 }).Fit(model, new DataLoader(data, 8)));
        Assert.Contains("OptimizerFactory", error.Message);
    }

    [Fact]
    public void Evaluate_runs_the_input_guard_through_call()
    {
        using var model = new GuardedTinyModel();
        using var wrong = new TensorDataset(randn(16, 5), zeros(new long[] { 16 }, ScalarType.Int64));
        var error = Assert.Throws<ShapeMismatchException>(() => new Trainer().Evaluate(model, new DataLoader(wrong, 8)));
        Assert.Contains("GuardedTinyModel", error.Message);
        Assert.Throws<ShapeMismatchException>(() => new Trainer().Predict(model, wrong.Inputs));

        using var right = TinyModel.Data(16, 3);
        var evaluation = new Trainer(new TrainOptions { Metrics = new Func<IMetric>[] { () => new Accuracy() } }).Evaluate(model, new DataLoader(right, 8));
        Assert.Equal(16, evaluation.Samples);
        Assert.True(double.IsFinite(evaluation.Loss));
        Assert.InRange(evaluation.Metrics["accuracy"], 0, 1);
    }

    [Fact]
    public void Predict_gives_the_eval_mode_outputs_of_every_batch_in_order()
    {
        using var model = new TinyModel();
        using var data = TinyModel.Data(20, 6);
        // On the CPU, so the direct call below runs where Predict left the model.
        var onCpu = new TrainOptions { Device = CPU };
        using var byLoader = new Trainer(onCpu).Predict(model, new DataLoader(data, 8));
        using var byTensor = new Trainer(onCpu).Predict(model, data.Inputs, batchSize: 7);
        model.eval();
        using var direct = model.forward(data.Inputs);
        Assert.Equal(new long[] { 20, 3 }, byLoader.shape);
        Assert.True(byLoader.allclose(direct));
        Assert.True(byTensor.allclose(direct));
        Assert.True(model.training == false);  // left as it was
    }

    [Fact]
    public void Cancelling_mid_epoch_writes_a_checkpoint_that_resumes_at_the_next_batch_exactly()
    {
        TinyModel Model()
        {
            return new TinyModel(new TrainingDefaults
            {
                Loss = new CrossEntropyLossAttribute(),
                Optimizer = new AdamWAttribute(0.01),
                Schedule = new WarmupCosineDecayAttribute { WarmupSteps = 3 },
                GradientAccumulation = new GradientAccumulationAttribute(2),
            }, seed: 3);
        }

        using var data = TinyModel.Data(96, 9);
        DataLoader Loader() => new(data, 8, shuffle: true, seed: 5);  // 12 batches, 6 steps an epoch
        // On the CPU: on CUDA batch callbacks run at the deferred read, so the stop this test requests
        // from one lands steps later (docs/training.md); the GPU machine runs this with CUDA available.
        var options = new TrainOptions { Epochs = 3, Seed = 21, Device = CPU };

        using var straight = Model();
        var straightHistory = new Trainer(options).Fit(straight, Loader());

        // Ctrl-C during batch 15 (epoch 2, batch 3): the step finishes with batch 16, then the run
        // stops and the checkpoint holds 8 steps.
        using var stop = new CancellationTokenSource();
        var path = _temp.File("stopped.ckpt");
        var checkpoint = new CheckpointCallback(path);
        var cancel = new Hooks { AfterBatch = (_, b) => { if (b.Epoch == 2 && b.BatchInEpoch == 3) stop.Cancel(); } };
        using var stopped = Model();
        var stoppedHistory = new Trainer(new TrainOptions
        {
            Epochs = 3, Seed = 21, Device = CPU, CancellationToken = stop.Token, Callbacks = new ITrainingCallback[] { checkpoint, cancel },
        }).Fit(stopped, Loader());
        Assert.True(stoppedHistory.Cancelled);
        Assert.Equal(16, cancel.Batches.Count);
        Assert.Equal((1, 8L), checkpoint.Saved);
        Assert.True(checkpoint.SavedMidEpoch);

        manual_seed(77);  // other weights and generator state: all must come from the checkpoint
        using var resumed = new TinyModel(straight.Defaults);
        var hooks = new Hooks();
        var resumedHistory = new Trainer(new TrainOptions { Epochs = 3, Seed = 21, Device = CPU, ResumeFrom = path, Callbacks = new ITrainingCallback[] { hooks } })
            .Fit(resumed, Loader());

        Assert.Equal(4, hooks.Run!.StartBatch);
        Assert.Equal(2, hooks.Run.StartEpoch);
        Assert.Equal(5, hooks.Batches[0].BatchInEpoch);
        Assert.Equal(TinyModel.Weights(straight), TinyModel.Weights(resumed));
        Assert.Equal(straightHistory.Series("lr"), resumedHistory.Series("lr"));
        Assert.Equal(3, resumedHistory.Epochs.Count);
    }

    [Fact]
    public void Checkpoint_and_early_stopping_are_callbacks()
    {
        manual_seed(11);
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var path = _temp.File("run.ckpt");
        var checkpoint = new CheckpointCallback(path);
        var early = new EarlyStoppingCallback(new EarlyStoppingAttribute(patience: 1) { Monitor = "loss", Mode = MonitorMode.Max });
        var history = new Trainer(new TrainOptions { Epochs = 6, Callbacks = new ITrainingCallback[] { early, checkpoint } })
            .Fit(model, new DataLoader(data, 8, shuffle: true, seed: 1), new DataLoader(data, 64));

        // The loss falls, so "higher is better" sees no improvement after epoch 1.
        Assert.Equal(2, history.StoppedEarlyAt);
        Assert.Equal(1, history.RestoredEpoch);
        Assert.Equal((2, 16L), checkpoint.Saved);
        Assert.False(checkpoint.SavedMidEpoch);
        using var fresh = new TinyModel();
        Assert.Equal(2, Checkpoint.Load(path, fresh).Epoch);
    }

    [Fact]
    public void Epochs_0_trains_nothing_and_writes_no_checkpoint()
    {
        using var data = TinyModel.Data(16, 4);
        using var model = new TinyModel();
        var checkpoint = new CheckpointCallback(_temp.File("none.ckpt"));
        var history = new Trainer(new TrainOptions { Epochs = 0, Callbacks = new ITrainingCallback[] { checkpoint } }).Fit(model, new DataLoader(data, 8));
        Assert.Empty(history.Epochs);
        Assert.Null(checkpoint.Saved);
        Assert.False(File.Exists(checkpoint.Path));
    }

    [Fact]
    public void The_live_display_draws_the_epoch_bar_with_loss_lr_throughput_and_eta_then_the_epoch_line()
    {
        using var data = TinyModel.Data(64, 4);
        using var model = new TinyModel();
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        using var progress = new ProgressCallback(console);
        new Trainer(new TrainOptions { Epochs = 2, Callbacks = new ITrainingCallback[] { progress } }).Fit(model, new DataLoader(data, 8), new DataLoader(data, 64));

        var output = text.ToString();
        Assert.Contains("Training TinyModel: 2 epochs of 8 batches", output);
        Assert.Matches(@"Epoch 1/2 .*\d+% .*loss \d\.\d{4}  lr 1\.0e-01  \d+ samples/s  ETA \d+s", output);  // the bar
        Assert.Matches(@"Epoch 2/2  8/8  loss \d\.\d{4}  val_loss \d\.\d{4}  lr 1\.0e-01  \d+ samples/s  \d+\.\ds", output);
        Assert.Contains("\u001b[", output);  // drawn in place
    }
}
