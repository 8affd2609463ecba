using System;
using TorchSharp;

namespace ShapeSharp.Metrics;

/// <summary>
/// Fraction of correct predictions: argmax over the class dim for <c>[N, C]</c> logits, or a
/// threshold for binary <c>[N]</c> / <c>[N, 1]</c> scores. Targets below zero (ignore_index) are skipped.
/// </summary>
public sealed class Accuracy : IMetric
{
    private long _correct;
    private long _total;

    /// <param name="threshold">Decision threshold for binary scores.</param>
    /// <param name="fromLogits">Binary scores are logits: apply a sigmoid before the threshold
    /// (or leave this off and pass threshold 0).</param>
    /// <param name="name">History column name.</param>
    public Accuracy(double threshold = 0.5, bool fromLogits = false, string name = "accuracy")
    {
        Threshold = threshold;
        FromLogits = fromLogits;
        Name = name;
    }

    public string Name { get; }

    public double Threshold { get; }

    public bool FromLogits { get; }

    public void Update(torch.Tensor output, torch.Tensor target)
    {
        var batch = ClassPredictions.Extract(output, target, Threshold, FromLogits);
        ReadOnlySpan<long> actual = batch.Actual, predicted = batch.Predicted;
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] < 0) continue;
            _total++;
            if (actual[i] == predicted[i]) _correct++;
        }
    }

    /// <summary>0 when nothing was seen.</summary>
    public double Compute() => _total == 0 ? 0.0 : (double)_correct / _total;

    public void Reset()
    {
        _correct = 0;
        _total = 0;
    }
}
