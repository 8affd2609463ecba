using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Metrics;

/// <summary>
/// Counts (true class, predicted class) pairs in an int64 [C, C] matrix kept in managed memory:
/// rows are true classes, columns predicted classes (scikit-learn's layout).
/// </summary>
/// <remarks>
/// <para>With a class count the matrix is fixed and a label outside 0..C-1 throws; without one it
/// grows to the largest class seen (and to the output's C for logits).</para>
/// <para>Targets below zero are skipped, so CrossEntropy's <c>ignore_index = -100</c> padding is not counted.</para>
/// <para>Off the CPU the batch's pairs are counted on the device and read once, when the counts are
/// next read (Compute, Matrix, Scores...): no sync per batch. There the matrix has the output's
/// classes; a target outside them is reported then, as an ArgumentException.</para>
/// <para>As an <see cref="IMetric"/> its value is the accuracy (trace / total), which lets it ride
/// along in a trainer's metric list; read <see cref="Matrix"/> or build a
/// <see cref="ClassificationReport"/> at the end.</para>
/// </remarks>
public sealed class ConfusionMatrix : IMetric
{
    private readonly int? _fixedClasses;
    private long[,] _counts;

    // Counts not yet read back from the device: [K * K] int64 (row-major), and how many counted
    // labels fell outside 0..K-1 (reported when read).
    private Tensor? _deviceCounts;
    private Tensor? _deviceOutside;
    private int _deviceClasses;

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
    public int Classes => Counts.GetLength(0);

    /// <summary>Samples counted since the last reset.</summary>
    public long Total
    {
        get
        {
            ReadDeviceCounts();
            return _total;
        }
    }

    private long _total;

    /// <summary>A copy of the counts: <c>[true, predicted]</c>.</summary>
    public long[,] Matrix => (long[,])Counts.Clone();

    /// <summary>The count of samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => Counts[actual, predicted];

    /// <summary>Counts the batch on the device when it is not on the CPU; tests set it to take that path on the CPU.</summary>
    internal bool CountWithTensors { get; init; }

    private long[,] Counts
    {
        get
        {
            ReadDeviceCounts();
            return _counts;
        }
    }

    public void Update(torch.Tensor output, torch.Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.device_type != DeviceType.CPU || CountWithTensors)
        {
            UpdateOnDevice(output, target);
            return;
        }

        var batch = ClassPredictions.Extract(output, target, Threshold, FromLogits);
        CheckClasses(batch.Classes);
        Add(batch.Actual, batch.Predicted, batch.Classes);
    }

    /// <summary>Adds pairs of class indices directly (no tensors), e.g. from a saved prediction file.</summary>
    public void Add(ReadOnlySpan<long> actual, ReadOnlySpan<long> predicted)
    {
        ReadDeviceCounts();
        Add(actual, predicted, 0);
    }

    private void CheckClasses(int outputClasses)
    {
        if (_fixedClasses is { } fixedClasses && outputClasses != fixedClasses)
            throw new ArgumentException(
                $"{Name}: the output has {outputClasses} classes but the matrix was made for {fixedClasses}.", "output");
    }

    private void UpdateOnDevice(Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        var (predicted, actual, classes) = ClassPredictions.Tensors(output, target, Threshold, FromLogits);
        CheckClasses(classes);
        var size = Math.Max(classes, _counts.GetLength(0));
        if (_deviceCounts is not null && (_deviceClasses != size || _deviceCounts.device != predicted.device))
            ReadDeviceCounts();
        if (_deviceCounts is null)
        {
            _deviceClasses = size;
            _deviceCounts = zeros(new long[] { (long)size * size }, ScalarType.Int64, predicted.device).DetachFromDisposeScope();
            _deviceOutside = zeros(new long[] { 1 }, ScalarType.Int64, predicted.device).DetachFromDisposeScope();
        }

        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var classCount = ((long)size).ToScalar();
        var counted = actual.ge(HeldScalars.Zero);
        var inside = counted.logical_and(actual.lt(classCount)).logical_and(predicted.lt(classCount));
        // A pair outside the matrix adds 0 at index 0 (no masked_select: its size would need a sync).
        var index = actual.mul(classCount).add(predicted, HeldScalars.One).mul(inside);
        _deviceCounts.index_add_(0, index, inside.to_type(ScalarType.Int64), HeldScalars.One);
        _deviceOutside!.add_(counted.logical_and(inside.logical_not()).sum().reshape(1), HeldScalars.One);
    }

    /// <summary>Brings counts kept on the device into the managed matrix: the one sync.</summary>
    private void ReadDeviceCounts()
    {
        if (_deviceCounts is null)
            return;

        var counts = _deviceCounts.cpu().data<long>().ToArray();
        var outside = _deviceOutside!.cpu().item<long>();
        var size = _deviceClasses;
        DropDeviceCounts();
        if (outside > 0)
            throw new ArgumentException(
                $"{Name}: {outside} target{(outside == 1 ? "" : "s")} outside 0..{size - 1} (the output's {size} classes) were counted on the device.");

        EnsureSize(size - 1);
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++)
            {
                _counts[r, c] += counts[(long)r * size + c];
                _total += counts[(long)r * size + c];
            }
    }

    private void DropDeviceCounts()
    {
        _deviceCounts?.Dispose();
        _deviceOutside?.Dispose();
        _deviceCounts = null;
        _deviceOutside = null;
    }

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
            _total++;
        }
    }

    private void EnsureSize(long largestClass)
    {
        var current = _counts.GetLength(0);  // not Classes: that reads the device counts, which call this
        if (largestClass < current) return;
        if (_fixedClasses is { } fixedClasses)
            throw new ArgumentException(
                $"{Name}: class {largestClass} is outside 0..{fixedClasses - 1} (the matrix was made for {fixedClasses} classes).");
        if (largestClass >= int.MaxValue / 2)
            throw new ArgumentException($"{Name}: class index {largestClass} is too large.");

        int size = (int)largestClass + 1;
        var grown = new long[size, size];
        for (int r = 0; r < current; r++)
            for (int c = 0; c < current; c++)
                grown[r, c] = _counts[r, c];
        _counts = grown;
    }

    /// <summary>Accuracy over everything counted; 0 when nothing was counted.</summary>
    public double Compute() => ClassScores.FromMatrix(Counts).Accuracy;

    public void Reset()
    {
        DropDeviceCounts();
        _counts = new long[_fixedClasses ?? 0, _fixedClasses ?? 0];
        _total = 0;
    }

    /// <summary>Per-class precision, recall, F1 and support from the current counts.</summary>
    public ClassScores Scores() => ClassScores.FromMatrix(Counts);

    /// <summary>The scikit-learn style text report of the current counts.</summary>
    public ClassificationReport Report(IReadOnlyList<string>? classNames = null, int digits = 2) =>
        new(Counts, classNames, digits);
}
