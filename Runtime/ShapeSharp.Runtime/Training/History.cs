using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShapeSharp.Training;

/// <summary>Per-epoch values of a run, in order; Keras' History. Saved as CSV/JSON by Reporting.</summary>
public sealed class History
{
    private readonly List<EpochInfo> _epochs = new();

    public IReadOnlyList<EpochInfo> Epochs => _epochs;

    /// <summary>Every column name that appears in any epoch, in first-seen order.</summary>
    public IReadOnlyList<string> Columns =>
        _epochs.SelectMany(e => e.Values.Keys).Distinct().ToList();

    public void Add(EpochInfo epoch) => _epochs.Add(epoch);

    /// <summary>Training stopped because cancellation was requested.</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>A callback set <see cref="TrainContext.StopTraining"/> (early stopping included).</summary>
    public bool Stopped { get; internal set; }

    /// <summary>The epoch at which early stopping ended training; null if it did not.</summary>
    public int? StoppedEarlyAt { get; internal set; }

    /// <summary>The epoch whose weights the model holds after early stopping restored the best; null otherwise.</summary>
    public int? RestoredEpoch { get; internal set; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,  // NaN stays NaN
    };

    /// <summary>One object per epoch: <c>[{"Epoch": 1, "Values": {"loss": 0.5, ...}}, ...]</c>.</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(_epochs.Select(e => new SavedEpoch(e.Epoch, e.Values.ToDictionary())).ToList(), JsonOptions);

    public static History FromJson(string json)
    {
        var history = new History();
        foreach (var epoch in JsonSerializer.Deserialize<List<SavedEpoch>>(json, JsonOptions) ?? new())
        {
            history.Add(new EpochInfo(epoch.Epoch, epoch.Values));
        }

        return history;
    }

    private sealed record SavedEpoch(int Epoch, Dictionary<string, double> Values);

    /// <summary>The series of one column (NaN where an epoch lacks it).</summary>
    public double[] Series(string column) =>
        _epochs.Select(e => e.Values.TryGetValue(column, out var v) ? v : double.NaN).ToArray();
}
