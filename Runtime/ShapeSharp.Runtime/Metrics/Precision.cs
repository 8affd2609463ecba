namespace ShapeSharp.Metrics;

/// <summary>Precision: of the samples predicted as a class, the fraction that are that class.</summary>
public sealed class Precision : AveragedClassMetric
{
    /// <param name="average">How classes are combined; the name becomes "precision_macro" etc.
    /// (plain "precision" for <see cref="Metrics.Average.Binary"/>).</param>
    /// <param name="classes">Class count, or null to take it from the data.</param>
    /// <param name="threshold">Decision threshold for binary scores.</param>
    /// <param name="fromLogits">Binary scores are logits.</param>
    /// <param name="name">Overrides the history column name.</param>
    public Precision(Average average = Average.Macro, int? classes = null, double threshold = 0.5, bool fromLogits = false, string? name = null)
        : base("precision", average, classes, threshold, fromLogits, name) { }

    private protected override double Select(AverageScore score) => score.Precision;
}
