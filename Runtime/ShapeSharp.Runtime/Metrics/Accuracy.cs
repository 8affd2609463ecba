using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Metrics;

/// <summary>
/// Fraction of correct predictions: argmax over the class dim for <c>[N, C]</c> logits, or a
/// threshold for binary <c>[N]</c> / <c>[N, 1]</c> scores. Targets below zero (ignore_index) are skipped.
/// </summary>
public sealed class Accuracy : IMetric
{
    private long _correct;
    private long _total;

    // Off the CPU the counts stay on the device and are read once, by Compute: no sync per batch.
    private torch.Tensor? _deviceCounts;

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
        ArgumentNullException.ThrowIfNull(output);
        if (output.device_type != DeviceType.CPU)
        {
            UpdateOnDevice(output, target);
            return;
        }

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
    public double Compute()
    {
        if (_deviceCounts is not null)
        {
            var counts = _deviceCounts.cpu().data<long>().ToArray();
            _deviceCounts.Dispose();
            _deviceCounts = null;
            _correct += counts[0];
            _total += counts[1];
        }

        return _total == 0 ? 0.0 : (double)_correct / _total;
    }

    public void Reset()
    {
        _correct = 0;
        _total = 0;
        _deviceCounts?.Dispose();
        _deviceCounts = null;
    }

    private void UpdateOnDevice(torch.Tensor output, torch.Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var (predicted, actual, _) = ClassPredictions.Tensors(output, target, Threshold, FromLogits);
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        var counted = actual.ge(HeldScalars.Zero);
        var batch = torch.stack(new[] { counted.logical_and(actual.eq(predicted)).sum(), counted.sum() });
        if (_deviceCounts is null || _deviceCounts.device != batch.device)
        {
            Compute();
            _deviceCounts = batch.DetachFromDisposeScope();
        }
        else
        {
            _deviceCounts.add_(batch, HeldScalars.One);
        }
    }
}
