namespace ShapeSharp.Training;

/// <summary>Where a float16 run's <see cref="LossScaler"/> stood: what a checkpoint keeps so a resume scales as the run would have.</summary>
/// <param name="Scale">The loss scale.</param>
/// <param name="GrowthTracker">Clean steps since the scale last changed.</param>
public sealed record LossScaleState(double Scale, int GrowthTracker);
