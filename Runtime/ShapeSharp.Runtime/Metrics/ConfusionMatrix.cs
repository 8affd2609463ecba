using System;
using System.Collections.Generic;
using TorchSharp;

namespace ShapeSharp.Metrics;

/// <summary>
/// Counts (true class, predicted class) pairs in an int64 [C, C] matrix kept in managed memory:
/// rows are true classes, columns predicted classes (scikit-learn's layout).
/// </summary>
/// <remarks>
/// <para>With a class count the matrix is fixed and a label outside 0..C-1 throws; without one it
/// grows to the largest class seen (and to the output's C for logits).</para>
/// <para>Targets below zero are skipped, so CrossEntropy's <c>ignore_index = -100</c> padding is not counted.</para>
/// <para>As an <see cref="IMetric"/> its value is the accuracy (trace / total), which lets it ride
/// along in a trainer's metric list; read <see cref="Matrix"/> or build a
/// <see cref="ClassificationReport"/> at the end.</para>
/// </remarks>
public sealed class ConfusionMatrix : IMetric
{
    private readonly int? _fixedClasses;
    private long[,] _counts;

    /// <param name="classes">Number of classes, or null to grow with the data.</param>
    /// <param name="threshold">Decision threshold for binary <c>[N]</c> / <c>[N, 1]</c> scores.</param>
    /// <param name="fromLogits">Binary scores are logits: apply a sigmoid before the threshold.</param>
    /// <param name="name">History column name.</param>
    public ConfusionMatrix(int? classes = null, double threshold = 0.5, bool fromLogits = false, string name = "cm_accuracy")
    {
        if (classes is <= 0)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A confusion matrix needs at least one class.");
        _fixedClasses = classes;
        _counts = new long[classes ?? 0, classes ?? 0];
        Threshold = threshold;
        FromLogits = fromLogits;
        Name = name;
    }

    public string Name { get; }

    public double Threshold { get; }

    public bool FromLogits { get; }

    /// <summary>Current size C of the matrix.</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>Samples counted since the last reset.</summary>
    public long Total { get; private set; }

    /// <summary>A copy of the counts: <c>[true, predicted]</c>.</summary>
    public long[,] Matrix => (long[,])_counts.Clone();

    /// <summary>The count of samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    public void Update(torch.Tensor output, torch.Tensor target)
    {
        var batch = ClassPredictions.Extract(output, target, Threshold, FromLogits);
        if (_fixedClasses is { } fixedClasses && batch.Classes != fixedClasses)
            throw new ArgumentException(
                $"{Name}: the output has {batch.Classes} classes but the matrix was made for {fixedClasses}.", nameof(output));
        Add(batch.Actual, batch.Predicted, batch.Classes);
    }

    /// <summary>Adds pairs of class indices directly (no tensors), e.g. from a saved prediction file.</summary>
    public void Add(ReadOnlySpan<long> actual, ReadOnlySpan<long> predicted) => Add(actual, predicted, 0);

    private void Add(ReadOnlySpan<long> actual, ReadOnlySpan<long> predicted, int outputClasses)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} true labels but {predicted.Length} predictions.");

        long largest = outputClasses - 1;
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] < 0) continue;
            largest = Math.Max(largest, Math.Max(actual[i], predicted[i]));
        }
        EnsureSize(largest);

        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] < 0) continue;
            _counts[actual[i], predicted[i]]++;
            Total++;
        }
    }

    private void EnsureSize(long largestClass)
    {
        if (largestClass < Classes) return;
        if (_fixedClasses is { } fixedClasses)
            throw new ArgumentException(
                $"{Name}: class {largestClass} is outside 0..{fixedClasses - 1} (the matrix was made for {fixedClasses} classes).");
        if (largestClass >= int.MaxValue / 2)
            throw new ArgumentException($"{Name}: class index {largestClass} is too large.");

        int size = (int)largestClass + 1;
        var grown = new long[size, size];
        for (int r = 0; r < Classes; r++)
            for (int c = 0; c < Classes; c++)
                grown[r, c] = _counts[r, c];
        _counts = grown;
    }

    /// <summary>Accuracy over everything counted; 0 when nothing was counted.</summary>
    public double Compute() => ClassScores.FromMatrix(_counts).Accuracy;

    public void Reset()
    {
        _counts = new long[_fixedClasses ?? 0, _fixedClasses ?? 0];
        Total = 0;
    }

    /// <summary>Per-class precision, recall, F1 and support from the current counts.</summary>
    public ClassScores Scores() => ClassScores.FromMatrix(_counts);

    /// <summary>The scikit-learn style text report of the current counts.</summary>
    public ClassificationReport Report(IReadOnlyList<string>? classNames = null, int digits = 2) =>
        new(_counts, classNames, digits);
}
