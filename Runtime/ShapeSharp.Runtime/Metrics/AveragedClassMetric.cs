using System;
using TorchSharp;

namespace ShapeSharp.Metrics;

/// <summary>
/// Shared body of <see cref="Precision"/>, <see cref="Recall"/> and <see cref="F1"/>: they count a
/// confusion matrix and differ only in which score they read from it. Zero denominators give 0
/// (see <see cref="ClassScores"/>).
/// </summary>
public abstract class AveragedClassMetric : IMetric
{
    private readonly ConfusionMatrix _matrix;

    private protected AveragedClassMetric(string stem, Average average, int? classes, double threshold, bool fromLogits, string? name)
    {
        if (!Enum.IsDefined(average))
            throw new ArgumentOutOfRangeException(nameof(average), average, null);
        Average = average;
        Name = name ?? (average == Average.Binary ? stem : $"{stem}_{average.ToString().ToLowerInvariant()}");
        _matrix = new ConfusionMatrix(classes, threshold, fromLogits, Name);
    }

    public string Name { get; }

    public Average Average { get; }

    public void Update(torch.Tensor output, torch.Tensor target) => _matrix.Update(output, target);

    public double Compute() => Select(_matrix.Scores().Get(Average));

    public void Reset() => _matrix.Reset();

    /// <summary>The counts behind the value.</summary>
    public long[,] Matrix => _matrix.Matrix;

    private protected abstract double Select(AverageScore score);
}
