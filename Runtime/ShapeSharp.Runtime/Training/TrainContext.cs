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
    private readonly Func<torch.Tensor, torch.Tensor, torch.Tensor> _loss;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly string _modelName;

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
    }

    public torch.optim.Optimizer Optimizer { get; }

    public ILearningRateSchedule? Schedule { get; }

    public double? MaxGradNorm { get; }

    public int AccumulationSteps { get; }

    /// <summary>Optimizer steps taken (the global step; survives resume through <see cref="Restore"/>).</summary>
    public long OptimizerSteps { get; private set; }

    /// <summary>True between optimizer steps: no gradients are waiting for the rest of an accumulation period.</summary>
    public bool AtStepBoundary => MicroSteps % AccumulationSteps == 0;

    /// <summary>Batches seen (backward passes).</summary>
    public long MicroSteps { get; private set; }

    /// <summary>The gradient norm before clipping at the last optimizer step (NaN without clipping).</summary>
    public double LastGradNorm { get; private set; } = double.NaN;

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
    /// <see cref="NonFiniteLossException"/> before anything is changed.
    /// </summary>
    /// <returns>The loss value.</returns>
    public float Step(torch.Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw new NonFiniteLossException(_modelName, OptimizerSteps + 1, value, Epoch);
        }

        if (AccumulationSteps == 1)
        {
            loss.backward();
        }
        else
        {
            using var scaled = loss / AccumulationSteps;
            scaled.backward();
        }

        MicroSteps++;
        if (MicroSteps % AccumulationSteps == 0)
        {
            ApplyGradients();
        }

        return value;
    }

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
        if (MaxGradNorm is double norm)
        {
            LastGradNorm = torch.nn.utils.clip_grad_norm_(_parameters, norm);
        }

        Optimizer.step();
        Optimizer.zero_grad();
        Schedule?.Step();
        OptimizerSteps++;
    }
}
