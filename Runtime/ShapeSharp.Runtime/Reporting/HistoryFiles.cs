using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ShapeSharp.Training;

namespace ShapeSharp.Reporting;

/// <summary>
/// A run's history as CSV (one row per epoch, Keras' CSVLogger layout) and JSON, and back. Files are
/// written atomically (beside the target, then renamed over it).
/// </summary>
public static class HistoryFiles
{
    public static void WriteCsv(History history, string path)
    {
        var columns = history.Columns;
        var text = new StringBuilder("epoch");
        foreach (var column in columns)
        {
            text.Append(',').Append(column);
        }

        text.Append('\n');
        foreach (var epoch in history.Epochs)
        {
            text.Append(epoch.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var column in columns)
            {
                text.Append(',');
                if (epoch.Values.TryGetValue(column, out var value))
                {
                    text.Append(value.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            text.Append('\n');
        }

        AtomicFile.Write(path, temp => File.WriteAllText(temp, text.ToString()));
    }

    public static History ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith("epoch", StringComparison.Ordinal))
        {
            throw new FormatException($"'{path}' is not a history CSV (its first line must start with 'epoch').");
        }

        var columns = lines[0].Split(',');
        var history = new History();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)).Where(l => l.l.Length > 0))
        {
            var cells = line.Split(',');
            if (cells.Length != columns.Length)
            {
                throw new FormatException($"'{path}' line {number}: {cells.Length} cells, the header has {columns.Length}.");
            }

            var values = new Dictionary<string, double>();
            for (var i = 1; i < cells.Length; i++)
            {
                if (cells[i].Length > 0)
                {
                    values[columns[i]] = double.Parse(cells[i], CultureInfo.InvariantCulture);
                }
            }

            history.Add(new EpochInfo(int.Parse(cells[0], CultureInfo.InvariantCulture), values));
        }

        return history;
    }

    public static void WriteJson(History history, string path) => AtomicFile.Write(path, temp => File.WriteAllText(temp, history.ToJson()));

    public static History ReadJson(string path) => History.FromJson(File.ReadAllText(path));
}
