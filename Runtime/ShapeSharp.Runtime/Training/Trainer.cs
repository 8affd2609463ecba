using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// The epoch loop (Keras' fit, Lightning's Trainer): trains with the model's generated
/// <c>TrainStep</c>, validates, reports to callbacks, stops early, checkpoints and resumes.
/// </summary>
public sealed class Trainer
{
    /// <summary>Epochs when neither the options nor a resumed checkpoint say otherwise.</summary>
    public const int DefaultEpochs = 10;

    /// <summary>
    /// A model with blocks sized at their first call gets that call now, on the first training batch
    /// in eval mode without gradients (Keras builds a model on its first data), so the optimizer
    /// sees every parameter and a checkpoint can be loaded into them.
    /// </summary>
    private static void Build(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource train)
    {
        if (model is not Modules.ILazilyBuilt { IsBuilt: false })
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var training = model.training;
        model.eval();
        try
        {
            foreach (var batch in train)
            {
                model.call(batch.Input);
                break;
            }
        }
        finally
        {
            model.train(training);
        }
    }

    /// <summary>
    /// Trains <paramref name="model"/>. History columns: "loss" (mean training loss of the epoch),
    /// "lr" (at the epoch's end), "val_loss" and "val_&lt;metric&gt;" with validation data.
    /// A NaN/Inf loss throws <see cref="NonFiniteLossException"/> (weights are those of the last
    /// good step; a checkpoint of the last finished epoch stays on disk).
    /// </summary>
    public History Fit<TModel>(TModel model, IBatchSource train, IBatchSource? validation = null, TrainOptions? options = null)
        where TModel : torch.nn.Module<torch.Tensor, torch.Tensor>, ITrainable
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TrainOptions();
        if (train.BatchCount == 0)
        {
            throw new ArgumentException($"{model.GetName()}: the training data has no batches.", nameof(train));
        }

        if (options.Seed is long seed)
        {
            torch.manual_seed(seed);
        }

        var defaults = model.Defaults;
        var epochs = options.Epochs ?? DefaultEpochs;
        var accumulation = defaults.ResolveAccumulationSteps(options);
        var stepsPerEpoch = (train.BatchCount + accumulation - 1) / accumulation;
        Build(model, train);
        using var optimizer = defaults.CreateOptimizer(model, options);
        var schedule = defaults.CreateSchedule(optimizer, (long)epochs * stepsPerEpoch, options);
        var runConfiguration = options.CheckpointPath is null && options.ResumeFrom is null ? null
            : RunConfiguration.Create(train, epochs, accumulation, optimizer, options.Schedule ?? defaults.Schedule ?? new ConstantScheduleAttribute());
        var context = new TrainContext(model, optimizer, defaults.ResolveLoss(options), schedule, defaults.ResolveMaxGradNorm(options), accumulation);
        var metrics = options.Metrics.Select(create => create()).ToList();
        var earlyRule = defaults.ResolveEarlyStopping(options);
        using var early = earlyRule is null ? null : new EarlyStoppingTracker(earlyRule);

        var history = new History();
        var startEpoch = 1;
        if (options.ResumeFrom is string resume)
        {
            ResumePlan? plan = null;
            var info = Checkpoint.Load(resume, model, optimizer,
                verify: saved => plan = ResumePlan.For(resume, saved, runConfiguration!, options.ResumePolicy));
            history = info.History;
            startEpoch = plan!.StartEpoch;
            context.Restore(plan.Step);
            schedule.Restore(plan.Step);
            if (info.RngState is byte[] rng)
            {
                using var state = torch.tensor(rng, torch.ScalarType.Byte);
                torch.random.set_rng_state(state);
            }

            foreach (var past in history.Epochs)
            {
                early?.Update(past.Epoch, past.Values, model: null);
            }
        }

        var run = new TrainingRun(model.GetName(), epochs, startEpoch, train.BatchCount);
        foreach (var callback in options.Callbacks)
        {
            callback.OnTrainBegin(run);
        }

        var lastEpoch = startEpoch - 1;
        for (var epoch = startEpoch; epoch <= epochs; epoch++)
        {
            if (options.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            var values = TrainEpoch(model, train, context, epoch, options, history);
            if (history.Cancelled)
            {
                break;
            }

            if (validation is not null)
            {
                var evaluation = Evaluate(model, validation, context.Loss, metrics);
                values["val_loss"] = evaluation.Loss;
                foreach (var (name, value) in evaluation.Metrics)
                {
                    values["val_" + name] = value;
                }
            }

            var info = new EpochInfo(epoch, values);
            history.Add(info);
            lastEpoch = epoch;
            foreach (var callback in options.Callbacks)
            {
                callback.OnEpochEnd(info);
            }

            var stop = early?.Update(epoch, values, model) ?? false;
            if (options.CheckpointPath is string path)
            {
                Checkpoint.Save(path, model, optimizer, new CheckpointInfo(epoch, context.OptimizerSteps, RngState(), history, runConfiguration));
            }

            if (stop)
            {
                history.StoppedEarlyAt = epoch;
                break;
            }
        }

        if (early is not null && early.RestoreBest(model, lastEpoch))
        {
            history.RestoredEpoch = early.BestEpoch;
        }

        foreach (var callback in options.Callbacks)
        {
            callback.OnTrainEnd(run, history);
        }

        return history;
    }

    /// <summary>Mean loss and metrics over <paramref name="source"/>, in eval mode without gradients.</summary>
    public static Evaluation Evaluate(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        IBatchSource source,
        Func<torch.Tensor, torch.Tensor, torch.Tensor> loss,
        IReadOnlyList<IMetric>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(loss);
        metrics ??= Array.Empty<IMetric>();
        foreach (var metric in metrics)
        {
            metric.Reset();
        }

        var wasTraining = model.training;
        model.eval();
        double sum = 0;
        long samples = 0;
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in source)
            {
                using var scope = torch.NewDisposeScope();
                var output = model.forward(batch.Input);
                var n = batch.Input.shape[0];
                sum += loss(output, batch.Target).item<float>() * n;
                samples += n;
                foreach (var metric in metrics)
                {
                    metric.Update(output, batch.Target);
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return new Evaluation(samples == 0 ? double.NaN : sum / samples, samples, metrics.ToDictionary(m => m.Name, m => m.Compute()));
    }

    private static Dictionary<string, double> TrainEpoch<TModel>(
        TModel model, IBatchSource train, TrainContext context, int epoch, TrainOptions options, History history)
        where TModel : torch.nn.Module<torch.Tensor, torch.Tensor>, ITrainable
    {
        model.train();
        context.Epoch = epoch;
        train.SetEpoch(epoch);
        var batches = train.BatchCount;
        foreach (var callback in options.Callbacks)
        {
            callback.OnEpochBegin(epoch, batches);
        }

        double sum = 0;
        long samples = 0;
        var index = 0;
        foreach (var batch in train)
        {
            if (options.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            var lr = context.LearningRate;
            var loss = model.TrainStep(context, batch.Input, batch.Target);
            var n = batch.Input.shape[0];
            sum += (double)loss * n;
            samples += n;
            index++;
            var step = new StepInfo(epoch, context.OptimizerSteps, index, batches, loss, lr);
            foreach (var callback in options.Callbacks)
            {
                callback.OnStep(step);
            }
        }

        context.Flush();
        return new Dictionary<string, double>
        {
            ["loss"] = samples == 0 ? double.NaN : sum / samples,
            ["lr"] = context.LearningRate,
        };
    }

    private static byte[] RngState()
    {
        using var state = torch.random.get_rng_state();
        return state.bytes.ToArray();
    }
}
