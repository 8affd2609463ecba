using System;
using System.Collections.Generic;
using System.IO;
using ShapeSharp.Training;

namespace ShapeSharp.Reporting;

/// <summary>
/// Draws loss.png (training and validation loss) and accuracy.png (where accuracy was recorded) into
/// a folder when training ends, from the whole history (a resumed run's earlier epochs included).
/// </summary>
public sealed class PlotsCallback : ITrainingCallback
{
    public PlotsCallback(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The charts written at the end of the last run; a chart without data is not written.</summary>
    public IReadOnlyList<string> Written { get; private set; } = Array.Empty<string>();

    public void OnTrainEnd(TrainingRun run, History history)
    {
        var written = new List<string>();
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var (name, draw) in new (string, Func<History, string, bool>)[] { ("loss.png", Plots.Loss), ("accuracy.png", Plots.Accuracy) })
        {
            var path = Path.Combine(Directory, name);
            if (draw(history, path))
            {
                written.Add(path);
            }
        }

        Written = written;
    }
}
