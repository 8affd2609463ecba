using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using TorchSharp;
using DeviceType = TorchSharp.DeviceType;

namespace ShapeSharp.Training;

/// <summary>
/// The epoch loop, shaped like Lightning's Trainer and Keras' fit/evaluate/predict: configured once
/// with <see cref="TrainOptions"/>, then <see cref="Fit{TModel}"/> trains with the model's generated
/// <c>TrainStep</c>, and <see cref="Evaluate(torch.nn.Module{torch.Tensor, torch.Tensor}, IBatchSource, IReadOnlyList{IMetric})"/> and <see cref="Predict(torch.nn.Module{torch.Tensor, torch.Tensor}, IBatchSource, torch.Device)"/>
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
        if (optimizer is not null && (options.Optimizer is not null || options.OptimizerFactory is not null
            || options.LearningRate is not null || options.WeightDecay is not null))
        {
            throw new ArgumentException(
                $"{model.GetName()}: Fit was given an optimizer, so TrainOptions.Optimizer, OptimizerFactory, LearningRate and " +
                "WeightDecay would be ignored; set them on that optimizer instead.", nameof(optimizer));
        }

        // The model moves before the optimizer is made: the fused optimizers' flat buffers are
        // allocated where the parameters are, and a moved module has new parameter tensors.
        var placement = Placement.Prepare(model, options.Device, optimizer);
        ApplyPrecision(model);
        using var pinned = PinnedLoaders.For(placement, train, validation);
        Build(model, train, placement);
        placement = Placement.Prepare(model, options.Device, optimizer);  // the dtype of blocks Build sized

        using var owned = optimizer is null ? CreateOptimizer(model, defaults) : null;
        var active = optimizer ?? owned!;
        var schedule = defaults.CreateSchedule(active, (long)epochs * stepsPerEpoch, options);
        var context = new TrainContext(model, active, defaults.ResolveLoss(options), schedule, defaults.ResolveMaxGradNorm(options), accumulation)
        {
            // On a GPU nothing in a step reads a value back; losses are read once per progress update.
            DeferReadback = this.DeferReadback ?? !placement.IsCpu,
        };
        var metrics = options.Metrics.Select(create => create()).ToList();
        // What a checkpoint records of the run, so a resume is exact or refused (ResumePlan).
        var configuration = RunConfiguration.Create(train, epochs, accumulation, active, options.Schedule ?? defaults.Schedule ?? new ConstantScheduleAttribute())
            with { Precision = RunConfiguration.DescribePrecision(model) };

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
            if (info.LossScale is LossScaleState scale && context.Scaler is LossScaler scaler)
            {
                scaler.Restore(scale);
            }
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

            var values = TrainEpoch(model, train, context, placement, epoch, epoch == startEpoch ? skipBatches : 0, callbacks, history);
            if (values is null)
            {
                break;  // stopped mid-epoch: the unfinished epoch is not recorded
            }

            if (validation is not null)
            {
                var evaluation = Evaluate(model, validation, context.Loss, metrics, placement);
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
    /// <see cref="TrainOptions.Loss"/>, else the model's declared one. The model is moved to
    /// <see cref="TrainOptions.Device"/> first (and stays there), each batch with it; off the CPU
    /// the loss is summed on the device and read once at the end.
    /// </summary>
    /// <param name="metrics">Metrics to compute; null: fresh ones from <see cref="TrainOptions.Metrics"/>.</param>
    public Evaluation Evaluate(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource source, IReadOnlyList<IMetric>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        // Both in float32 for a half or bfloat16 output, as training computes it (ResolveLoss upcasts too).
        var loss = model is ITrainable trainable
            ? trainable.Defaults.ResolveLoss(Options)
            : Autocast.ForLosses((Options.Loss ?? throw new InvalidOperationException(
                $"{model.GetName()} declares no loss (it is not a generated model): set TrainOptions.Loss.")).Create());
        var placement = Placement.Prepare(model, Options.Device);
        ApplyPrecision(model);
        using var pinned = PinnedLoaders.For(placement, source);
        return Evaluate(model, source, loss, metrics ?? Options.Metrics.Select(create => create()).ToList(), placement);
    }

    /// <summary>
    /// The model's outputs for every batch of <paramref name="source"/> (targets ignored), concatenated
    /// along the batch dim; eval mode, no gradients, through <c>call</c>. The model runs on
    /// <see cref="TrainOptions.Device"/> (moved there first, and it stays); the result is on the CPU
    /// unless <paramref name="resultDevice"/> says otherwise. The caller disposes the result.
    /// </summary>
    /// <param name="resultDevice">Where the result goes; null: the CPU (one copy at the end, not one per batch).</param>
    public torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource source, torch.Device? resultDevice = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var placement = Placement.Prepare(model, Options.Device);
        ApplyPrecision(model);
        using var pinned = PinnedLoaders.For(placement, source);
        return Predict(model, source.Select(batch => batch.Input), placement, resultDevice);
    }

    /// <summary>
    /// The model's outputs for <paramref name="inputs"/>, run in slices of <paramref name="batchSize"/> along dim 0,
    /// on <see cref="TrainOptions.Device"/>; the result is on the CPU unless <paramref name="resultDevice"/> says otherwise.
    /// </summary>
    public torch.Tensor Predict(torch.nn.Module<torch.Tensor, torch.Tensor> model, torch.Tensor inputs, int batchSize = 256, torch.Device? resultDevice = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Dimensions == 0)
        {
            throw new ArgumentException($"{model.GetName()}: Predict needs a batch dim; got a scalar.", nameof(inputs));
        }

        var count = inputs.shape[0];
        var placement = Placement.Prepare(model, Options.Device);
        ApplyPrecision(model);
        return Predict(model, Enumerable.Range(0, (int)((count + batchSize - 1) / batchSize))
            .Select(i => inputs.narrow(0, (long)i * batchSize, Math.Min(batchSize, count - (long)i * batchSize))), placement, resultDevice);
    }

    private static torch.Tensor Predict(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, IEnumerable<torch.Tensor> inputs, Placement placement, torch.Device? resultDevice)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var outputs = inputs.Select(input => model.call(placement.Move(input))).ToList();
            if (outputs.Count == 0)
            {
                throw new ArgumentException($"{model.GetName()}: nothing to predict (no batches).");
            }

            var result = torch.cat(outputs, 0);
            var target = resultDevice ?? torch.CPU;
            if (result.device_type != target.type || (target.index >= 0 && result.device_index != target.index))
            {
                result = result.to(target);
            }

            return result.MoveToOuterDisposeScope();
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
        IReadOnlyList<IMetric> metrics,
        Placement placement)
    {
        foreach (var metric in metrics)
        {
            metric.Reset();
        }

        var wasTraining = model.training;
        model.eval();
        double sum = 0;
        long samples = 0;
        // Off the CPU the loss is summed where it is computed (in float64, the same arithmetic as
        // the CPU's double sum of float values) and read once at the end.
        using var onDevice = placement.IsCpu ? null : torch.zeros(Array.Empty<long>(), torch.ScalarType.Float64, placement.Device);
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in source)
            {
                using var scope = torch.NewDisposeScope();
                var input = placement.Move(batch.Input);
                var target = placement.Move(batch.Target);
                var output = model.call(input);
                var n = input.shape[0];
                if (onDevice is null)
                {
                    sum += TrainContext.ReadFloat(loss(output, target)) * n;
                }
                else
                {
                    // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
                    using var count = n.ToScalar();
                    onDevice.add_(loss(output, target).detach().to_type(torch.ScalarType.Float64).mul(count), HeldScalars.One);
                }

                samples += n;
                foreach (var metric in metrics)
                {
                    metric.Update(output, target);
                }
            }

            if (onDevice is not null)
            {
                sum = onDevice.item<double>();
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return new Evaluation(samples == 0 ? double.NaN : sum / samples, samples, metrics.ToDictionary(m => m.Name, m => m.Compute()));
    }

    /// <summary>The declared early stopping (unless an explicit one is given or it is disabled) first, then the options' callbacks.</summary>
    /// <summary>TrainOptions.Precision over the model's declared compute type, before anything runs.</summary>
    private void ApplyPrecision(torch.nn.Module model)
    {
        if (Options.Precision is DType precision)
        {
            Autocast.Apply(model, precision);
        }
    }

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
    private static void Build(torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource train, Placement placement)
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
                // Blocks sized here are made where the model's parameters already are (LazyBlocks).
                model.call(placement.Move(batch.Input));
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
        TModel model, IBatchSource train, TrainContext context, Placement placement, int epoch, int skip,
        IReadOnlyList<ITrainingCallback> callbacks, History history)
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

        var totals = new EpochTotals(epoch, batches);
        var sinceRead = Stopwatch.StartNew();
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
                Deliver(context, totals, callbacks);
                history.Cancelled = Options.CancellationToken.IsCancellationRequested;
                return null;
            }

            var lr = context.LearningRate;
            var stepsBefore = context.OptimizerSteps;
            if (placement.Device.type == DeviceType.CUDA)
            {
                SeedCudaFromCpu();
            }

            float loss;
            long n;
            using (var placed = placement.Place(batch))
            {
                loss = model.TrainStep(context, placed.Input, placed.Target);
                n = placed.Input.shape[0];
            }

            index++;
            totals.Pending.Add(new PendingBatch(index, n, lr, context.OptimizerSteps, context.OptimizerSteps != stepsBefore, loss));
            // Deferred losses are read (one synchronisation) at the pace of a progress update, not per step.
            if (!context.DeferReadback || sinceRead.Elapsed >= ReadInterval || context.PendingLosses >= MaxPendingLosses)
            {
                Deliver(context, totals, callbacks);
                sinceRead.Restart();
            }
        }

        Deliver(context, totals, callbacks);
        var lastLr = context.LearningRate;
        var before = context.OptimizerSteps;
        context.Flush();
        if (context.OptimizerSteps != before)
        {
            StepEnded(epoch, context.OptimizerSteps, index, batches, totals.PeriodSum / totals.PeriodSamples, lastLr, callbacks);
        }

        return new Dictionary<string, double>
        {
            ["loss"] = totals.Samples == 0 ? double.NaN : totals.Sum / totals.Samples,
            ["lr"] = context.LearningRate,
        };
    }

    /// <summary>How often deferred losses are read back: about a progress bar's refresh (tests lengthen it).</summary>
    internal TimeSpan ReadInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Deferred losses read back at the latest after this many batches (bounds what waits on the device).</summary>
    internal const int MaxPendingLosses = 1024;

    /// <summary>
    /// Null: deferred read-back exactly when the device is not the CPU. Tests set it to run the
    /// deferred path on the CPU.
    /// </summary>
    internal bool? DeferReadback { get; init; }

    /// <summary>
    /// Hands the batches trained since the last call to the callbacks, in order, with their losses:
    /// those Step read, or, deferred, all of them read now at once. A non-finite deferred loss
    /// throws there, after the batches before it were reported (as the immediate check does).
    /// </summary>
    private static void Deliver(TrainContext context, EpochTotals totals, IReadOnlyList<ITrainingCallback> callbacks)
    {
        var read = context.DeferReadback ? context.TakeLosses() : null;
        try
        {
            for (var i = 0; i < totals.Pending.Count; i++)
            {
                var pending = totals.Pending[i];
                var loss = pending.Loss;
                if (read is not null)
                {
                    loss = read[i].Value;
                    if (!float.IsFinite(loss))
                    {
                        throw context.NonFinite(read[i].Step, loss);
                    }
                }

                totals.Sum += (double)loss * pending.Samples;
                totals.Samples += pending.Samples;
                totals.PeriodSum += (double)loss * pending.Samples;
                totals.PeriodSamples += pending.Samples;
                var batchInfo = new BatchInfo(totals.Epoch, pending.Index, totals.Batches, pending.Samples, loss, pending.LearningRate, pending.StepsAfter);
                foreach (var callback in callbacks)
                {
                    callback.OnBatchEnd(batchInfo);
                }

                if (pending.EndedStep)
                {
                    StepEnded(totals.Epoch, pending.StepsAfter, pending.Index, totals.Batches, totals.PeriodSum / totals.PeriodSamples, pending.LearningRate, callbacks);
                    totals.PeriodSum = 0;
                    totals.PeriodSamples = 0;
                }
            }
        }
        finally
        {
            totals.Pending.Clear();
        }
    }

    /// <summary>
    /// TorchSharp cannot read or set the CUDA generator's state (docs/decisions.md), so before each
    /// batch on CUDA the CUDA generators are seeded from a draw of the CPU generator, whose state
    /// checkpoints keep: a resumed run draws the same seeds, so CUDA dropout masks repeat exactly.
    /// The draw is on the CPU and setting a seed queues nothing, so this never waits for the GPU.
    /// </summary>
    private static void SeedCudaFromCpu()
    {
        using var draw = torch.randint(long.MaxValue, new long[] { 1 }, dtype: torch.ScalarType.Int64);
        torch.cuda.manual_seed_all(draw.item<long>());
    }

    private static void StepEnded(int epoch, long step, int index, int batches, double loss, double lr, IReadOnlyList<ITrainingCallback> callbacks)
    {
        var info = new StepInfo(epoch, step, index, batches, loss, lr);
        foreach (var callback in callbacks)
        {
            callback.OnStep(info);
        }
    }

    /// <summary>One trained batch whose callbacks have not run yet.</summary>
    /// <param name="Loss">The loss Step returned (NaN when deferred: it is read at delivery).</param>
    private readonly record struct PendingBatch(int Index, long Samples, double LearningRate, long StepsAfter, bool EndedStep, float Loss);

    /// <summary>An epoch's running sums, kept across deliveries.</summary>
    private sealed class EpochTotals(int epoch, int batches)
    {
        public int Epoch { get; } = epoch;

        public int Batches { get; } = batches;

        public List<PendingBatch> Pending { get; } = new();

        public double Sum { get; set; }

        public long Samples { get; set; }

        public double PeriodSum { get; set; }

        public long PeriodSamples { get; set; }
    }

    /// <summary>Turns on <see cref="DataLoader.PinMemory"/> for a CUDA run's loaders, and back off after it.</summary>
    private sealed class PinnedLoaders : IDisposable
    {
        private readonly List<DataLoader> _changed = new();

        public static PinnedLoaders For(Placement placement, params IBatchSource?[] sources)
        {
            var pinned = new PinnedLoaders();
            if (placement.Device.type == DeviceType.CUDA)
            {
                foreach (var loader in sources.OfType<DataLoader>().Where(l => !l.PinMemory).Distinct())
                {
                    loader.PinMemory = true;
                    pinned._changed.Add(loader);
                }
            }

            return pinned;
        }

        public void Dispose()
        {
            foreach (var loader in _changed)
            {
                loader.PinMemory = false;
            }
        }
    }
}
