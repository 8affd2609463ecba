namespace ShapeSharp.Metrics;

/// <summary>F1: the harmonic mean of precision and recall per class, then averaged.</summary>
public sealed class F1 : AveragedClassMetric
{
    /// <inheritdoc cref="Precision(Average, int?, double, bool, string?)"/>
    public F1(Average average = Average.Macro, int? classes = null, double threshold = 0.5, bool fromLogits = false, string? name = null)
        : base("f1", average, classes, threshold, fromLogits, name) { }

    private protected override double Select(AverageScore score) => score.F1;
}
