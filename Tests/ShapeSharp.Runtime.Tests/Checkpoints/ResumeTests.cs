using System;
using System.IO;
using System.Linq;
using System.Threading;
using ShapeSharp.Data;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>Issue 16, item 3: a resume continues the checkpoint's run exactly, or is refused saying why.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class StopAfter : ITrainingCallback
    {
        private readonly int _epoch;

        public StopAfter(int epoch) => _epoch = epoch;

        public CancellationTokenSource Source { get; } = new();

        public void OnEpochEnd(EpochInfo epoch)
        {
            if (epoch.Epoch == _epoch)
            {
                Source.Cancel();
            }
        }
    }

    private static readonly ScheduleAttribute LinearDecay = new WarmupLinearDecayAttribute { WarmupSteps = 1, FinalFraction = 0 };

    /// <summary>TinyModel on 64 samples with SGD at 0.1; stops after <paramref name="stopAfter"/> epochs when given.</summary>
    private static History Fit(
        int epochs, int batchSize, string? checkpoint = null, string? resume = null, int? stopAfter = null,
        ScheduleAttribute? schedule = null, ResumePolicy policy = ResumePolicy.Exact, long dataSeed = 4)
    {
        using var data = TinyModel.Data(64, dataSeed);
        using var model = new TinyModel();
        var stop = new StopAfter(stopAfter ?? int.MaxValue);
        // The checkpoint is written before the stop is asked for, at the end of the same epoch.
        var callbacks = checkpoint is null ? new ITrainingCallback[] { stop } : new ITrainingCallback[] { new CheckpointCallback(checkpoint), stop };
        return new Trainer(new TrainOptions
        {
            Epochs = epochs,
            Schedule = schedule ?? LinearDecay,
            ResumeFrom = resume,
            ResumePolicy = policy,
            Callbacks = callbacks,
            CancellationToken = stop.Source.Token,
        }).Fit(model, new DataLoader(data, batchSize, shuffle: true, seed: 3));
    }

    private string HalfRun(int batchSize = 8, ScheduleAttribute? schedule = null)
    {
        var path = _temp.File($"half-{Guid.NewGuid():N}.ckpt");
        var history = Fit(4, batchSize, checkpoint: path, stopAfter: 2, schedule: schedule);
        Assert.True(history.Cancelled);
        return path;
    }

    [Fact]
    public void Another_batch_size_is_refused_saying_what_differs_and_how_to_continue()
    {
        var path = HalfRun(batchSize: 8);
        var error = Assert.Throws<ResumeMismatchException>(() => Fit(4, batchSize: 32, resume: path));
        Assert.Contains(path, error.Message);
        Assert.Contains("batch size: 8 in the checkpoint, 32 now", error.Message);
        Assert.Contains("optimizer steps per epoch: 8 in the checkpoint, 2 now", error.Message);
        Assert.Contains("ResumePolicy.Rebase", error.Message);
        Assert.Contains("epoch 3 then starts at step 4", error.Message);
    }

    [Fact]
    public void Rebase_continues_from_the_finished_epochs_on_the_new_schedule_never_at_rate_zero()
    {
        var path = HalfRun(batchSize: 8);  // 8 steps per epoch: the checkpoint is at step 16 of 32
        var history = Fit(4, batchSize: 32, resume: path, policy: ResumePolicy.Rebase);  // 2 steps per epoch, 8 in all

        // Read against the new schedule, step 16 is past its end (rate 0); re-based, epoch 3 is steps 4 and 5.
        var lr = history.Series("lr");
        Assert.Equal(4, lr.Length);
        Assert.Equal(0.1 * LinearDecay.Factor(6, 8), lr[2], 12);
        Assert.Equal(0.1 * LinearDecay.Factor(8, 8), lr[3], 12);
        Assert.True(lr[2] > 0.02, $"lr {lr[2]}");
    }

    [Fact]
    public void Another_run_length_is_refused_when_the_schedule_depends_on_it()
    {
        var path = HalfRun();
        var error = Assert.Throws<ResumeMismatchException>(() => Fit(6, batchSize: 8, resume: path));
        Assert.Contains("learning-rate schedule", error.Message);
        Assert.Contains("over 32 steps", error.Message);
        Assert.Contains("over 48 steps", error.Message);
        Assert.Contains("the run was 4 epochs, it is now 6", error.Message);
    }

    [Fact]
    public void A_constant_rate_run_can_be_extended()
    {
        var constant = new ConstantScheduleAttribute();
        var path = HalfRun(schedule: constant);
        var history = Fit(6, batchSize: 8, resume: path, schedule: constant);
        Assert.Equal(6, history.Epochs.Count);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Other_training_data_is_refused()
    {
        var path = HalfRun();
        var error = Assert.Throws<ResumeMismatchException>(() => Fit(4, batchSize: 8, resume: path, dataSeed: 5));
        Assert.Contains("training data: the first batch differs", error.Message);
        Assert.Single(error.Differences);
    }

    [Fact]
    public void Resuming_a_finished_run_says_so()
    {
        var path = _temp.File("done.ckpt");
        Fit(2, batchSize: 8, checkpoint: path);
        var error = Assert.Throws<ResumeMismatchException>(() => Fit(2, batchSize: 8, resume: path));
        Assert.Contains("finished: it ran all 2 of its epochs", error.Message);
        Assert.Contains("more than 2 epochs", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_refused_resume_leaves_model_and_optimizer_as_they_were()
    {
        var path = HalfRun();
        var (model, optimizer) = CheckpointFiles.Trained(seed: 9);
        using var _ = model;
        using var __ = optimizer;
        var weights = TinyModel.Weights(model);
        var state = CheckpointFiles.OptimizerState(optimizer);
        var other = new RunConfiguration { BatchSize = 16, StepsPerEpoch = 4, Epochs = 4, Schedule = "s", Optimizer = "o" };
        Assert.Throws<ResumeMismatchException>(() =>
            Checkpoint.Load(path, model, optimizer, verify: saved => ResumePlan.For(path, saved, other)));
        Assert.Equal(weights, TinyModel.Weights(model));
        Assert.Equal(state, CheckpointFiles.OptimizerState(optimizer));
    }

    [Fact]
    public void An_exact_resume_plans_the_saved_step()
    {
        var run = new RunConfiguration { BatchSize = 8, StepsPerEpoch = 8, Epochs = 4, Schedule = "s", Optimizer = "o" };
        var plan = ResumePlan.For("x.ckpt", new CheckpointInfo(2, 16, null, new History(), run), run);
        Assert.Equal(3, plan.StartEpoch);
        Assert.Equal(16, plan.Step);
        Assert.False(plan.Rebased);

        var unrecorded = Assert.Throws<ResumeMismatchException>(() => ResumePlan.For("x.ckpt", new CheckpointInfo(2, 16, null, new History()), run));
        Assert.Contains("records no run configuration", unrecorded.Message);
    }
}
