using System;

namespace ShapeSharp;

/// <summary>
/// torch.optim.lr_scheduler.StepLR counted in optimizer steps: the rate is multiplied by
/// <see cref="Gamma"/> every <see cref="StepSize"/> steps.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StepScheduleAttribute : ScheduleAttribute
{
    public StepScheduleAttribute() { }

    public StepScheduleAttribute(int stepSize) => StepSize = stepSize;

    public int StepSize { get; set; } = 1000;

    public double Gamma { get; set; } = 0.1;

    public override double Factor(long step, long totalSteps)
    {
        if (StepSize <= 0 || !(Gamma > 0))
        {
            throw new InvalidOperationException("StepSchedule: StepSize and Gamma must be positive.");
        }

        return Math.Pow(Gamma, step / StepSize);
    }
}
