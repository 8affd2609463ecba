using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Reporting;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Reporting;

public sealed class ReportingCallbackTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class AfterEpoch(Action<EpochInfo> action) : ITrainingCallback
    {
        public void OnEpochEnd(EpochInfo epoch) => action(epoch);
    }

    [Fact]
    public void History_files_follow_every_epoch_and_plots_come_at_the_end_with_nothing_else_left_behind()
    {
        using var data = TinyModel.Data(32, 4);
        using var model = new TinyModel();
        var history = new HistoryCallback(_temp.Path);
        var plots = new PlotsCallback(_temp.Path);
        var linesAfterEpoch = new List<int>();
        new Trainer(new TrainOptions
        {
            Epochs = 3,
            Callbacks = new ITrainingCallback[] { history, new AfterEpoch(_ => linesAfterEpoch.Add(File.ReadAllLines(history.CsvPath).Length)), plots },
        }).Fit(model, new DataLoader(data, 8), new DataLoader(data, 32));

        Assert.Equal(new[] { 2, 3, 4 }, linesAfterEpoch);  // header + the epochs so far
        Assert.Equal(3, HistoryFiles.ReadJson(history.JsonPath).Epochs.Count);
        Assert.Equal(new[] { "loss.png" }, plots.Written.Select(Path.GetFileName));  // no accuracy recorded, no accuracy chart
        Assert.Equal(
            new[] { "history.csv", "history.json", "loss.png" },
            Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Nothing_is_written_for_a_run_that_trains_no_epoch()
    {
        using var data = TinyModel.Data(16, 4);
        using var model = new TinyModel();
        var history = new HistoryCallback(_temp.Path);
        var plots = new PlotsCallback(_temp.Path);
        new Trainer(new TrainOptions { Epochs = 0, Callbacks = new ITrainingCallback[] { history, plots } }).Fit(model, new DataLoader(data, 8));
        Assert.Empty(history.Written);
        Assert.Empty(plots.Written);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }
}
