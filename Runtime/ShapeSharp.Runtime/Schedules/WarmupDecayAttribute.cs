using System;

namespace ShapeSharp;

/// <summary>
/// Linear warm-up from near zero to the base learning rate, then a decay to
/// <see cref="FinalFraction"/> of it at the last step (Hugging Face's get_*_schedule_with_warmup).
/// Step k of the warm-up uses (k + 1) / warmup of the rate, so the first step already learns and
/// step warmup - 1 uses the full rate.
/// </summary>
public abstract class WarmupDecayAttribute : ScheduleAttribute
{
    /// <summary>Warm-up length in optimizer steps; 0 means use <see cref="WarmupFraction"/>.</summary>
    public int WarmupSteps { get; set; }

    /// <summary>Warm-up length as a fraction of all steps, when <see cref="WarmupSteps"/> is 0.</summary>
    public double WarmupFraction { get; set; }

    /// <summary>Where the decay ends, as a fraction of the base rate (0: decays to zero).</summary>
    public double FinalFraction { get; set; }

    public override double Factor(long step, long totalSteps)
    {
        if (WarmupSteps < 0 || WarmupFraction < 0 || WarmupFraction > 1 || FinalFraction < 0 || FinalFraction > 1)
        {
            throw new InvalidOperationException(
                $"{GetType().Name}: WarmupSteps must be >= 0, WarmupFraction and FinalFraction in [0, 1].");
        }

        var warmup = WarmupSteps > 0 ? WarmupSteps : (long)Math.Round(WarmupFraction * totalSteps);
        if (step < warmup)
        {
            return (step + 1.0) / warmup;
        }

        var decaySteps = Math.Max(1, totalSteps - warmup);
        var progress = Math.Min(1.0, (double)(step - warmup) / decaySteps);
        return FinalFraction + (1 - FinalFraction) * Decay(progress);
    }

    /// <summary>1 at progress 0, 0 at progress 1.</summary>
    protected abstract double Decay(double progress);
}

/// <summary>Linear warm-up, then linear decay (BERT's schedule).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WarmupLinearDecayAttribute : WarmupDecayAttribute
{
    protected override double Decay(double progress) => 1 - progress;
}

/// <summary>Linear warm-up, then half a cosine down (the GPT/LLaMA schedule).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WarmupCosineDecayAttribute : WarmupDecayAttribute
{
    protected override double Decay(double progress) => 0.5 * (1 + Math.Cos(Math.PI * progress));
}
