using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// The epoch loop, shaped like Lightning's Trainer and Keras' fit/evaluate/predict: configured once
/// with <see cref="TrainOptions"/>, then <see cref="Fit{TModel}"/> trains with the model's generated
/// <c>TrainStep</c>, and <see cref="Evaluate(torch.nn.Module{torch.Tensor, torch.Tensor}, IBatchSource, IReadOnlyList{IMetric})"/> and <see cref="Predict(torch.nn.Module{torch.Tensor, torch.Tensor}, IBatchSource)"/>
/// run the model through <c>call</c>, so its input guard checks every batch. Early stopping,
/// checkpoints, progress, history files, plots and TensorBoard are <see cref="ITrainingCallback"/>s.
/// </summary>
public sealed class Trainer
{
    /// <summary>Epochs when neither the options nor a resumed checkpoint say otherwise.</summary>
    public const int DefaultEpochs = 10;

    public Trainer(TrainOptions? options = null) => Options = options ?? new TrainOptions();

    public TrainOptions Options { get; }

    /// <summary>
    /// Trains <paramref name="model"/>. History columns: "loss" (mean training loss of the epoch),
    /// "lr" (at the epoch's end), "val_loss" and "val_&lt;metric&gt;" with validation data.
    /// A NaN/Inf loss throws <see cref="NonFiniteLossException"/> (weights are those of the last
    /// good step; a checkpoint of the last finished epoch stays on disk).
    /// </summary>
    /// <param name="optimizer">
    /// An optimizer already made over the model's parameters (Keras' <c>compile(optimizer=...)</c>);
    /// the caller keeps and disposes it. Null: <see cref="TrainOptions.OptimizerFactory"/>, else the
    /// option's or the declared optimizer attribute.
    /// </param>
    public History Fit<TModel>(TModel model, IBatchSource train, IBatchSource? validation = null, torch.optim.Optimizer? optimizer = null)
        where TModel : torch.nn.Module<torch.Tensor, torch.Tensor>, ITrainable
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        var options = Options;
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
        ArgumentOutOfRangeException.ThrowIfNegative(epochs, nameof(TrainOptions.Epochs));
        var accumulation = defaults.ResolveAccumulationSteps(options);
        var stepsPerEpoch = (train.BatchCount + accumulation - 1) / accumulation;
        Build(model, train);
        if (optimizer is not null && (options.Optimizer is not null || options.OptimizerFactory is not null
            || options.LearningRate is not null || options.WeightDecay is not null))
        {
            throw new ArgumentException(
                $"{model.GetName()}: Fit was given an optimizer, so TrainOptions.Optimizer, OptimizerFactory, LearningRate and " +
                "WeightDecay would be ignored; set them on that optimizer instead.", nameof(optimizer));
        }

        using var owned = optimizer is null ? CreateOptimizer(model, defaults) : null;
        var active = optimizer ?? owned!;
        var schedule = defaults.CreateSchedule(active, (long)epochs * stepsPerEpoch, options);
        var context = new TrainContext(model, active, defaults.ResolveLoss(options), schedule, defaults.ResolveMaxGradNorm(options), accumulation);
        var metrics = options.Metrics.Select(create => create()).ToList();
        // What a checkpoint records of the run, so a resume is exact or refused (ResumePlan).
        var configuration = RunConfiguration.Create(train, epochs, accumulation, active, options.Schedule ?? defaults.Schedule ?? new ConstantScheduleAttribute());

        var history = new History();
        var startEpoch = 1;
        var skipBatches = 0;
        if (options.ResumeFrom is string resume)
        {
            // The plan is checked inside Load, before anything is touched: a refused resume leaves the model as it was.
            ResumePlan? plan = null;
            var info = Checkpoint.Load(resume, model, active, verify: saved => plan = ResumePlan.For(resume, saved, configuration, options.ResumePolicy));
            history = info.History;
            startEpoch = plan!.StartEpoch;
            context.Restore(plan.Step);
            schedule.Restore(plan.Step);
            if (info.RngState is byte[] rng)
            {
                using var state = torch.tensor(rng, torch.ScalarType.Byte);
                torch.random.set_rng_state(state);
            }

            // A checkpoint written when training was stopped mid-epoch holds more steps than its
            // finished epochs: the batches those steps trained are skipped, so the run goes on
            // exactly where it stopped (the data order is a function of seed and epoch).
            var doneInEpoch = plan.Step - (long)info.Epoch * stepsPerEpoch;
            if (doneInEpoch > 0 && doneInEpoch < stepsPerEpoch)
            {
                skipBatches = (int)doneInEpoch * accumulation;
            }
        }

        var callbacks = Callbacks(defaults).ToList();
        var run = new TrainingRun(model.GetName(), epochs, startEpoch, train.BatchCount)
        {
            StartBatch = skipBatches,
            StepsPerEpoch = stepsPerEpoch,
            Model = model,
            Context = context,
            History = history,
            Configuration = configuration,
        };
        foreach (var callback in callbacks)
        {
            callback.OnTrainBegin(run);
        }

        for (var epoch = startEpoch; epoch <= epochs && !context.StopTraining; epoch++)
        {
            if (options.CancellationToken.IsCancellationRequested)
            {
                history.Cancelled = true;
                break;
            }

            var values = TrainEpoch(model, train, context, epoch, epoch == startEpoch ? skipBatches : 0, callbacks, history);
            if (values is null)
            {
                break;  // stopped mid-epoch: the unfinished epoch is not recorded
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

            var epochInfo = new EpochInfo(epoch, values);
            history.Add(epochInfo);
            foreach (var callback in callbacks)
            {
                callback.OnEpochEnd(epochInfo);
            }
        }

        history.Stopped = context.StopTraining;
        foreach (var callback in callbacks)
        {
            callback.OnTrainEnd(run, history);
        }

        return history;
    }

    /// <summary>
    /// Mean loss and metrics over <paramref name="source"/>, in eval mode without gradients, each
    /// batch through the model's <c>call</c> (its input guard runs). The loss is
    /// <see cref="TrainOptions.Loss"/>, else the model's declared one.
    /// </summary>
    /// <param name="metrics">Metrics to compute; null: fresh ones from <see cref="TrainOptions.Metrics"/>.</param>
    public Evaluation Evaluate(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource source, IReadOnlyList<IMetric>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var loss = model is ITrainable trainable
            ? trainable.Defaults.ResolveLoss(Options)
            : (Options.Loss ?? throw new InvalidOperationException(
                $"{model.GetName()} declares no loss (it is not a generated model): set TrainOptions.Loss.")).Create();
        return Evaluate(model, source, loss, metrics ?? Options.Metrics.Select(create => create()).ToList());
    }

    /// <summary>
    /// The model's outputs for every batch of <paramref name="source"/> (targets ignored), concatenated
    /// along the batch dim; eval mode, no gradients, through <c>call</c>. The caller disposes the result.
    /// </summary>
    public torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        return Predict(model, source.Select(batch => batch.Input));
    }

    /// <summary>The model's outputs for <paramref name="inputs"/>, run in slices of <paramref name="batchSize"/> along dim 0.</summary>
    public torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor inputs, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Dimensions == 0)
        {
            throw new ArgumentException($"{model.GetName()}: Predict needs a batch dim; got a scalar.", nameof(inputs));
        }

        var count = inputs.shape[0];
        return Predict(model, Enumerable.Range(0, (int)((count + batchSize - 1) / batchSize))
            .Select(i => inputs.narrow(0, (long)i * batchSize, Math.Min(batchSize, count - (long)i * batchSize))));
    }

    private static torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, IEnumerable<torch.Tensor> inputs)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var outputs = inputs.Select(input => model.call(input)).ToList();
            if (outputs.Count == 0)
            {
                throw new ArgumentException($"{model.GetName()}: nothing to predict (no batches).");
            }

            return torch.cat(outputs, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Mean loss and metrics with an explicit loss function (the validation pass of Fit).</summary>
    internal static Evaluation Evaluate(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        IBatchSource source,
        Func<torch.Tensor, torch.Tensor, torch.Tensor> loss,
        IReadOnlyList<IMetric> metrics)
    {
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
                var output = model.call(batch.Input);
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

    /// <summary>The declared early stopping (unless an explicit one is given or it is disabled) first, then the options' callbacks.</summary>
    private IEnumerable<ITrainingCallback> Callbacks(TrainingDefaults defaults)
    {
        if (!Options.Callbacks.OfType<EarlyStoppingCallback>().Any() && defaults.ResolveEarlyStopping(Options) is { } rule)
        {
            yield return new EarlyStoppingCallback(rule);
        }

        foreach (var callback in Options.Callbacks)
        {
            yield return callback;
        }
    }

    private torch.optim.Optimizer CreateOptimizer(torch.nn.Module model, TrainingDefaults defaults)
    {
        if (Options.OptimizerFactory is not { } factory)
        {
            return defaults.CreateOptimizer(model, Options);
        }

        if (Options.Optimizer is not null || Options.LearningRate is not null || Options.WeightDecay is not null)
        {
            throw new ArgumentException(
                $"{model.GetName()}: TrainOptions.OptimizerFactory makes the optimizer, so Optimizer, LearningRate and WeightDecay " +
                "would be ignored; set them in the factory instead.");
        }

        return factory(model) ?? throw new InvalidOperationException($"{model.GetName()}: TrainOptions.OptimizerFactory returned null.");
    }

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

    /// <summary>One epoch; null when cancelled or stopped before its end.</summary>
    private Dictionary<string, double>? TrainEpoch<TModel>(
        TModel model, IBatchSource train, TrainContext context, int epoch, int skip, IReadOnlyList<ITrainingCallback> callbacks, History history)
        where TModel : torch.nn.Module<torch.Tensor, torch.Tensor>, ITrainable
    {
        model.train();
        context.Epoch = epoch;
        train.SetEpoch(epoch);
        var batches = train.BatchCount;
        foreach (var callback in callbacks)
        {
            callback.OnEpochBegin(epoch, batches);
        }

        double sum = 0, periodSum = 0;
        long samples = 0, periodSamples = 0;
        var index = 0;
        foreach (var batch in train)
        {
            if (index < skip)
            {
                index++;
                continue;
            }

            // Only between optimizer steps, so no half-accumulated gradients are dropped.
            if (context.AtStepBoundary && (Options.CancellationToken.IsCancellationRequested || context.StopTraining))
            {
                history.Cancelled = Options.CancellationToken.IsCancellationRequested;
                return null;
            }

            var lr = context.LearningRate;
            var stepsBefore = context.OptimizerSteps;
            var loss = model.TrainStep(context, batch.Input, batch.Target);
            var n = batch.Input.shape[0];
            sum += (double)loss * n;
            samples += n;
            periodSum += (double)loss * n;
            periodSamples += n;
            index++;
            var batchInfo = new BatchInfo(epoch, index, batches, n, loss, lr, context.OptimizerSteps);
            foreach (var callback in callbacks)
            {
                callback.OnBatchEnd(batchInfo);
            }

            if (context.OptimizerSteps != stepsBefore)
            {
                StepEnded(context, epoch, index, batches, periodSum / periodSamples, lr, callbacks);
                periodSum = 0;
                periodSamples = 0;
            }
        }

        var lastLr = context.LearningRate;
        var before = context.OptimizerSteps;
        context.Flush();
        if (context.OptimizerSteps != before)
        {
            StepEnded(context, epoch, index, batches, periodSum / periodSamples, lastLr, callbacks);
        }

        return new Dictionary<string, double>
        {
            ["loss"] = samples == 0 ? double.NaN : sum / samples,
            ["lr"] = context.LearningRate,
        };
    }

    private static void StepEnded(TrainContext context, int epoch, int index, int batches, double loss, double lr, IReadOnlyList<ITrainingCallback> callbacks)
    {
        var step = new StepInfo(epoch, context.OptimizerSteps, index, batches, loss, lr);
        foreach (var callback in callbacks)
        {
            callback.OnStep(step);
        }
    }
}
