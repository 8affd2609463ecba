using System;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Base of the learning-rate schedule attributes. A schedule is a pure function of the optimizer
/// step: the learning rate used by step k (0-based) is the optimizer's base rate times
/// <see cref="Factor"/>(k, total). Being pure, it resumes exactly from a step count alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class ScheduleAttribute : Attribute
{
    /// <summary>The multiplier of the base learning rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public abstract double Factor(long step, long totalSteps);

    /// <summary>A schedule driving every parameter group of <paramref name="optimizer"/>.</summary>
    public ILearningRateSchedule Create(torch.optim.Optimizer optimizer, long totalSteps) =>
        new LearningRateSchedule(optimizer, this, totalSteps);
}
