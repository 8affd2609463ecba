namespace ShapeSharp.Metrics;

/// <summary>Recall: of the samples of a class, the fraction predicted as that class.</summary>
public sealed class Recall : AveragedClassMetric
{
    /// <inheritdoc cref="Precision(Average, int?, double, bool, string?)"/>
    public Recall(Average average = Average.Macro, int? classes = null, double threshold = 0.5, bool fromLogits = false, string? name = null)
        : base("recall", average, classes, threshold, fromLogits, name) { }

    private protected override double Select(AverageScore score) => score.Recall;
}
