namespace ShapeSharp.Training;

/// <summary>A learning-rate schedule stepped once per optimizer step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The rate the next optimizer step uses (of the first parameter group).</summary>
    double LearningRate { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    long StepCount { get; }

    /// <summary>Called after each optimizer step: moves to the next step's rate.</summary>
    void Step();

    /// <summary>Jumps to the rate after <paramref name="stepCount"/> steps (resume).</summary>
    void Restore(long stepCount);
}
