using System;
using System.Collections.Generic;
using System.IO;
using ShapeSharp.Training;

namespace ShapeSharp.Reporting;

/// <summary>
/// Keras' CSVLogger: rewrites history.csv and history.json in a folder after every epoch, so a run
/// stopped or killed keeps the history of its finished epochs. A resumed run's files hold its whole
/// history (the checkpoint's epochs first).
/// </summary>
public sealed class HistoryCallback : ITrainingCallback
{
    private TrainingRun? _run;

    public HistoryCallback(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string CsvPath => Path.Combine(Directory, "history.csv");

    public string JsonPath => Path.Combine(Directory, "history.json");

    /// <summary>The files written so far (none before the first epoch ends).</summary>
    public IReadOnlyList<string> Written { get; private set; } = Array.Empty<string>();

    public void OnTrainBegin(TrainingRun run) => _run = run;

    public void OnEpochEnd(EpochInfo epoch)
    {
        var history = _run?.History ?? throw new InvalidOperationException("HistoryCallback: OnEpochEnd before OnTrainBegin.");
        System.IO.Directory.CreateDirectory(Directory);
        HistoryFiles.WriteCsv(history, CsvPath);
        HistoryFiles.WriteJson(history, JsonPath);
        Written = new[] { CsvPath, JsonPath };
    }
}
