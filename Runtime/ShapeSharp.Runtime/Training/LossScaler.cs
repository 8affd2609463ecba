using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Training;

/// <summary>
/// Dynamic loss scaling for float16 mixed precision, with PyTorch GradScaler's semantics: the loss
/// is multiplied by <see cref="Scale"/> before backward so small gradients do not flush to zero in
/// float16; before the optimizer step the gradients are unscaled and checked, and a step with an
/// inf or NaN gradient is skipped and the scale backs off; after <see cref="GrowthInterval"/> clean
/// steps in a row the scale grows. <see cref="TrainContext"/> uses one when the model computes in float16.
/// </summary>
public sealed class LossScaler
{
    public LossScaler(double initialScale = 65536.0, double growthFactor = 2.0, double backoffFactor = 0.5, int growthInterval = 2000)
    {
        if (!(initialScale > 0) || double.IsInfinity(initialScale))
        {
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "The initial loss scale must be positive and finite.");
        }

        if (!(growthFactor > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(growthFactor), growthFactor, "The growth factor must be greater than 1.");
        }

        if (!(backoffFactor > 0 && backoffFactor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(backoffFactor), backoffFactor, "The backoff factor must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(growthInterval, 1);
        Scale = initialScale;
        GrowthFactor = growthFactor;
        BackoffFactor = backoffFactor;
        GrowthInterval = growthInterval;
    }

    /// <summary>The factor the loss is multiplied by before backward.</summary>
    public double Scale { get; private set; }

    public double GrowthFactor { get; }

    public double BackoffFactor { get; }

    public int GrowthInterval { get; }

    /// <summary>Clean steps since the scale last changed.</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>Optimizer steps skipped for an inf or NaN gradient.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>The loss to call backward on.</summary>
    public torch.Tensor ScaleLoss(torch.Tensor loss)
    {
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var scale = Scale.ToScalar();
        return loss.mul(scale);
    }

    /// <summary>
    /// Divides every gradient by <see cref="Scale"/> in place (before clipping, so the clipping norm is
    /// in true units) and says whether all are finite; one device synchronisation.
    /// </summary>
    public bool Unscale(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = torch.NewDisposeScope();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0)
        {
            return true;
        }

        using var inverse = (1.0 / Scale).ToScalar();
        using (torch.no_grad())
        {
            foreach (var grad in grads)
            {
                grad.mul_(inverse);
            }
        }

        var finite = torch.stack(grads.Select(g => g.isfinite().all()).ToArray()).all();
        return finite.cpu().item<bool>();
    }

    /// <summary>After a step: back off on a non-finite gradient (the step was skipped), grow after enough clean steps.</summary>
    public void Update(bool finite)
    {
        if (!finite)
        {
            Scale *= BackoffFactor;
            GrowthTracker = 0;
            SkippedSteps++;
            return;
        }

        if (++GrowthTracker == GrowthInterval)
        {
            Scale *= GrowthFactor;
            GrowthTracker = 0;
        }
    }

    /// <summary>What a checkpoint keeps of the scaler (GradScaler's state_dict: the scale and the growth tracker).</summary>
    public LossScaleState State => new(Scale, GrowthTracker);

    /// <summary>Continues a resumed run's scaling from its checkpoint.</summary>
    public void Restore(LossScaleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Restore(state.Scale, state.GrowthTracker);
    }

    /// <summary>Continues a resumed run's scaling.</summary>
    public void Restore(double scale, int growthTracker)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The loss scale must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(growthTracker);
        Scale = scale;
        GrowthTracker = growthTracker;
    }
}
