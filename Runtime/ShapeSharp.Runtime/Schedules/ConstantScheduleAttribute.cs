using System;

namespace ShapeSharp;

/// <summary>The optimizer's learning rate, unchanged (the default when no schedule is declared).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConstantScheduleAttribute : ScheduleAttribute
{
    public override double Factor(long step, long totalSteps) => 1.0;
}
