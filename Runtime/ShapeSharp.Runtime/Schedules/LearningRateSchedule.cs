using System;
using System.Linq;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp;

/// <summary>Applies a <see cref="ScheduleAttribute"/>'s factors to every parameter group.</summary>
internal sealed class LearningRateSchedule : ILearningRateSchedule
{
    private readonly torch.optim.ILearningRateController[] _groups;
    private readonly double[] _baseRates;
    private readonly ScheduleAttribute _schedule;
    private readonly long _totalSteps;

    public LearningRateSchedule(torch.optim.Optimizer optimizer, ScheduleAttribute schedule, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(totalSteps);
        _schedule = schedule;
        _totalSteps = totalSteps;
        _groups = optimizer.ParamGroups.ToArray();
        _baseRates = _groups.Select(g => g.LearningRate).ToArray();
        Apply();
    }

    public double LearningRate => _groups.Length == 0 ? 0 : _groups[0].LearningRate;

    public long StepCount { get; private set; }

    public void Step()
    {
        StepCount++;
        Apply();
    }

    public void Restore(long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        StepCount = stepCount;
        Apply();
    }

    private void Apply()
    {
        var factor = _schedule.Factor(StepCount, _totalSteps);
        for (var i = 0; i < _groups.Length; i++)
        {
            _groups[i].LearningRate = _baseRates[i] * factor;
        }
    }
}
