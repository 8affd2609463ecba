using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShapeSharp.Reporting;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Reporting;

public sealed class ReportingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static History Sample()
    {
        var history = new History();
        history.Add(new EpochInfo(1, new Dictionary<string, double> { ["loss"] = 0.9, ["lr"] = 1e-3, ["val_loss"] = 0.8, ["val_accuracy"] = 0.71 }));
        history.Add(new EpochInfo(2, new Dictionary<string, double> { ["loss"] = 0.5, ["lr"] = 5e-4, ["val_loss"] = 0.6, ["val_accuracy"] = 0.8125 }));
        history.Add(new EpochInfo(3, new Dictionary<string, double> { ["loss"] = 0.25, ["lr"] = 1e-4, ["val_loss"] = double.NaN, ["val_accuracy"] = 0.9 }));
        return history;
    }

    [Fact]
    public void History_round_trips_through_csv_and_json()
    {
        var history = Sample();
        var csv = Path.Combine(_temp.Path, "history.csv");
        var json = Path.Combine(_temp.Path, "history.json");
        HistoryFiles.WriteCsv(history, csv);
        HistoryFiles.WriteJson(history, json);
        Assert.Equal("epoch,loss,lr,val_loss,val_accuracy", File.ReadLines(csv).First());
        foreach (var back in new[] { HistoryFiles.ReadCsv(csv), HistoryFiles.ReadJson(json) })
        {
            Assert.Equal(history.Columns, back.Columns);
            foreach (var column in history.Columns)
            {
                Assert.Equal(history.Series(column), back.Series(column));
            }
        }
    }

    [Fact]
    public void Redirected_progress_prints_plain_lines()
    {
        var text = new StringWriter();
        var progress = new ProgressCallback(text, interactive: false);
        progress.OnTrainBegin(new TrainingRun("Demo", 2, 1, 8));
        progress.OnEpochBegin(1, 8);
        for (var i = 1; i <= 8; i++)
        {
            progress.OnBatchEnd(new BatchInfo(1, i, 8, 16, 1.0 / i, 1e-3, i));
        }

        progress.OnEpochEnd(new EpochInfo(1, new Dictionary<string, double> { ["loss"] = 0.5, ["lr"] = 1e-3, ["val_accuracy"] = 0.875 }));
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Training Demo: 2 epochs of 8 batches", lines[0].TrimEnd());
        Assert.DoesNotContain('\r', text.ToString());
        Assert.DoesNotContain('\u001b', text.ToString());
        Assert.Equal(5, lines.Length);  // header, steps 2/8 4/8 6/8 (quarters), the epoch line
        Assert.StartsWith("Epoch 1/2  2/8  loss 0.7500  lr 1.0e-03", lines[1]);
        Assert.Matches(@"^Epoch 1/2  8/8  loss 0\.5000  val_accuracy 0\.8750  lr 1\.0e-03  \d+\.\ds$", lines[4].TrimEnd());
    }

    [Fact]
    public void Plots_are_png_files_of_the_requested_size()
    {
        var loss = Path.Combine(_temp.Path, "loss.png");
        Assert.True(Plots.Loss(Sample(), loss));
        Assert.False(Plots.Accuracy(new History(), Path.Combine(_temp.Path, "none.png")));
        var confusion = Path.Combine(_temp.Path, "confusion.png");
        Plots.ConfusionMatrix(new long[,] { { 50, 2, 0 }, { 5, 40, 5 }, { 0, 1, 47 } }, new[] { "cat", "dog", "bird" }, confusion, size: 600);
        foreach (var (path, width, height) in new[] { (loss, 800, 500), (confusion, 600, 600) })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
            // IHDR: width and height, big-endian, at bytes 16..23.
            Assert.Equal(width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
            Assert.Equal(height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        }
    }
}
