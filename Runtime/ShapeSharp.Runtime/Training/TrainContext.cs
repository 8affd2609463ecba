using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Training;

/// <summary>
/// Everything a generated <c>TrainStep</c> needs besides the batch: the loss, the optimizer, the
/// schedule, clipping and accumulation. The trainer makes one per run; a hand-written loop can too.
/// </summary>
public sealed class TrainContext
{
    // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars).
    // ClipOnDevice's constants, doubles as their literals were.
    private static readonly Scalar NormEpsilon = 1e-6.ToScalar();
    private static readonly Scalar UnitScale = 1.0.ToScalar();

    private readonly Func<torch.Tensor, torch.Tensor, torch.Tensor> _loss;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly string _modelName;
    private readonly List<(torch.Tensor Loss, long Step)> _pending = new();
    private double _lastGradNorm = double.NaN;
    private torch.Tensor? _lastGradNormOnDevice;

    public TrainContext(
        torch.nn.Module model,
        torch.optim.Optimizer optimizer,
        Func<torch.Tensor, torch.Tensor, torch.Tensor> loss,
        ILearningRateSchedule? schedule = null,
        double? maxGradNorm = null,
        int accumulationSteps = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(accumulationSteps, 1);
        if (maxGradNorm is double norm && !(norm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxGradNorm), norm, "The clipping norm must be positive (or null for none).");
        }

        _modelName = model.GetName();
        _parameters = model.parameters().Where(p => p.requires_grad).ToList();
        Optimizer = optimizer;
        _loss = loss;
        Schedule = schedule;
        MaxGradNorm = maxGradNorm;
        AccumulationSteps = accumulationSteps;
        Scaler = Autocast.ComputeTypeOf(model) == torch.ScalarType.Float16 ? new LossScaler() : null;
    }

    public torch.optim.Optimizer Optimizer { get; }

    /// <summary>
    /// Dynamic loss scaling: made when the model computes in float16 (<see cref="MixedPrecisionAttribute"/>),
    /// null otherwise; set it to scale another way or to turn scaling off.
    /// </summary>
    public LossScaler? Scaler { get; init; }

    public ILearningRateSchedule? Schedule { get; }

    public double? MaxGradNorm { get; }

    public int AccumulationSteps { get; }

    /// <summary>Optimizer steps taken (the global step; survives resume through <see cref="Restore"/>).</summary>
    public long OptimizerSteps { get; private set; }

    /// <summary>True between optimizer steps: no gradients are waiting for the rest of an accumulation period.</summary>
    public bool AtStepBoundary => MicroSteps % AccumulationSteps == 0;

    /// <summary>Batches seen (backward passes).</summary>
    public long MicroSteps { get; private set; }

    /// <summary>
    /// The gradient norm before clipping at the last optimizer step (NaN without clipping). With
    /// <see cref="DeferReadback"/> it is kept on the device and reading it synchronises.
    /// </summary>
    public double LastGradNorm => _lastGradNormOnDevice is { } norm ? norm.item<double>() : _lastGradNorm;

    /// <summary>
    /// Off (the default): <see cref="Step"/> reads each loss (<c>item</c>) to check it is finite and
    /// return it, which on a GPU waits for the step's work to finish. On (the trainer sets it when
    /// the device is not the CPU): nothing in a step reads a value back; <see cref="Step"/> keeps the
    /// loss on the device and returns NaN, gradient clipping computes its norm and scale on the
    /// device, and <see cref="ReadLosses"/> reads every kept loss with one synchronisation and checks
    /// them then. A NaN/Inf loss is then reported at that read, naming its step; the optimizer steps
    /// queued after it have run (with non-finite values), unlike the immediate check, which stops
    /// before backward.
    /// </summary>
    public bool DeferReadback { get; set; }

    /// <summary>Losses kept by <see cref="Step"/> under <see cref="DeferReadback"/> and not read yet.</summary>
    public int PendingLosses => _pending.Count;

    /// <summary>
    /// Set by a callback (or a hand-written loop's own code) to end training: the trainer stops after
    /// the current optimizer step, or after the epoch when set at its end; Keras' <c>stop_training</c>.
    /// </summary>
    public bool StopTraining { get; set; }

    /// <summary>The epoch being trained, for error messages; set by the trainer.</summary>
    public int? Epoch { get; set; }

    /// <summary>The learning rate the next optimizer step uses.</summary>
    public double LearningRate => Schedule?.LearningRate ?? Optimizer.ParamGroups.First().LearningRate;

    /// <summary>The loss of a batch; an output in half or bfloat16 precision is brought to float32 first (autocast runs losses in float32).</summary>
    public torch.Tensor Loss(torch.Tensor output, torch.Tensor target) => _loss(Autocast.ForLoss(output), target);

    /// <summary>
    /// Backward for one batch; on the last batch of an accumulation period also clipping, the
    /// optimizer step, zeroing the gradients and the schedule step. A NaN/Inf loss throws
    /// <see cref="NonFiniteLossException"/> before anything is changed (with
    /// <see cref="DeferReadback"/>: at the next <see cref="ReadLosses"/>).
    /// </summary>
    /// <returns>The loss value; NaN with <see cref="DeferReadback"/> (the value comes from <see cref="ReadLosses"/>).</returns>
    public float Step(torch.Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var value = float.NaN;
        if (DeferReadback)
        {
            // A handle of its own (outside the step's dispose scope) keeps the scalar alive on the device.
            _pending.Add((loss.detach().DetachFromDisposeScope(), OptimizerSteps + 1));
        }
        else
        {
            value = ReadFloat(loss);
            if (!float.IsFinite(value))
            {
                throw new NonFiniteLossException(_modelName, OptimizerSteps + 1, value, Epoch);
            }
        }

        if (AccumulationSteps == 1 && Scaler is null)
        {
            loss.backward();
        }
        else
        {
            using var steps = AccumulationSteps.ToScalar();
            using var averaged = AccumulationSteps == 1 ? loss.alias() : loss.div(steps);
            using var scaled = Scaler?.ScaleLoss(averaged) ?? averaged.alias();
            scaled.backward();
        }

        MicroSteps++;
        if (MicroSteps % AccumulationSteps == 0)
        {
            ApplyGradients();
        }

        return value;
    }

    /// <summary>
    /// The losses <see cref="Step"/> kept under <see cref="DeferReadback"/>, in step order, read with
    /// one synchronisation; they are forgotten here.
    /// </summary>
    /// <exception cref="NonFiniteLossException">A kept loss is NaN or infinite: names the first one's optimizer step.</exception>
    public float[] ReadLosses()
    {
        var read = TakeLosses();
        foreach (var (value, step) in read)
        {
            if (!float.IsFinite(value))
            {
                throw NonFinite(step, value);
            }
        }

        return read.Select(r => r.Value).ToArray();
    }

    /// <summary>The kept losses with their optimizer steps, unchecked (the trainer reports the batches before a bad one first).</summary>
    internal (float Value, long Step)[] TakeLosses()
    {
        if (_pending.Count == 0)
        {
            return Array.Empty<(float, long)>();
        }

        Readbacks++;
        try
        {
            using var scope = torch.NewDisposeScope();
            var stacked = torch.stack(_pending.Select(p => p.Loss.reshape(1)).ToList());
            var values = stacked.to_type(torch.ScalarType.Float32).cpu().data<float>().ToArray();
            return values.Select((value, i) => (value, _pending[i].Step)).ToArray();
        }
        finally
        {
            foreach (var (kept, _) in _pending)
            {
                kept.Dispose();
            }

            _pending.Clear();
        }
    }

    /// <summary>A scalar loss as a float, whatever the model's dtype (item&lt;float&gt; takes float32 only).</summary>
    internal static float ReadFloat(torch.Tensor loss) => loss.dtype == torch.ScalarType.Float32 ? loss.item<float>() : loss.ToSingle();

    /// <summary>How many times deferred losses were read back (each one synchronisation); tests count them.</summary>
    internal int Readbacks { get; private set; }

    internal NonFiniteLossException NonFinite(long step, double value) => new(_modelName, step, value, Epoch);

    /// <summary>Applies gradients accumulated by a period cut short (the end of an epoch).</summary>
    public void Flush()
    {
        if (MicroSteps % AccumulationSteps != 0)
        {
            ApplyGradients();
            MicroSteps += AccumulationSteps - MicroSteps % AccumulationSteps;
        }
    }

    /// <summary>Continues the step counters of a resumed run.</summary>
    public void Restore(long optimizerSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(optimizerSteps);
        OptimizerSteps = optimizerSteps;
        MicroSteps = optimizerSteps * AccumulationSteps;
    }

    private void ApplyGradients()
    {
        // Float16: the gradients are unscaled before clipping; a step with an inf/NaN gradient is skipped (GradScaler).
        var finite = Scaler?.Unscale(_parameters) ?? true;
        Scaler?.Update(finite);
        if (finite)
        {
            ClipAndStep();
        }

        Optimizer.zero_grad();
        Schedule?.Step();
        OptimizerSteps++;
    }

    private void ClipAndStep()
    {
        if (MaxGradNorm is double norm)
        {
            if (DeferReadback)
            {
                ClipOnDevice(norm);
            }
            else
            {
                _lastGradNormOnDevice?.Dispose();
                _lastGradNormOnDevice = null;
                _lastGradNorm = torch.nn.utils.clip_grad_norm_(_parameters, norm);
            }
        }

        Optimizer.step();
    }

    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c> without its read-back (TorchSharp's returns a double, which
    /// waits for the GPU): the total 2-norm and the scale min(1, max / (norm + 1e-6)) stay tensors.
    /// </summary>
    private void ClipOnDevice(double maxNorm)
    {
        var grads = _parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        _lastGradNormOnDevice?.Dispose();
        _lastGradNormOnDevice = null;
        if (grads.Count == 0)
        {
            _lastGradNorm = 0;
            return;
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var total = torch.stack(grads.Select(g => g.norm()).ToList()).norm();
        using var max = maxNorm.ToScalar();
        var scale = total.add(NormEpsilon, HeldScalars.One).reciprocal().mul(max).clamp_max(UnitScale);
        foreach (var grad in grads)
        {
            grad.mul_(scale.to_type(grad.dtype));
        }

        _lastGradNormOnDevice = total.to_type(torch.ScalarType.Float64).DetachFromDisposeScope();
    }
}
