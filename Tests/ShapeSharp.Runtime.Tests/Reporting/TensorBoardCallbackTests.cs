using System.IO;
using System.Linq;
using System.Text;
using ShapeSharp.Reporting;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Reporting;

public class TensorBoardCallbackTests
{
    [Fact]
    public void Writes_an_event_file_with_the_epoch_and_step_scalars()
    {
        using var temp = new TempDirectory();
        var logDir = temp.File("tb/run1");
        var writer = new TensorBoardCallback(logDir, logSteps: true, stepInterval: 2);
        ITrainingCallback callback = writer;
        var run = new TrainingRun("Net", 2, 1, 4);
        callback.OnTrainBegin(run);
        long step = 0;
        var history = new History();
        for (int e = 1; e <= 2; e++)
        {
            callback.OnEpochBegin(e, 4);
            for (int b = 1; b <= 4; b++) callback.OnStep(new StepInfo(e, ++step, b, 4, 1.0 / step, 1e-3));
            var info = Runs.Epoch(e, 0.5 / e, valLoss: 0.6 / e, accuracy: 0.8, lr: 1e-3);
            history.Add(info);
            callback.OnEpochEnd(info);
        }
        callback.OnTrainEnd(run, history);

        var files = Directory.GetFiles(logDir, "events.out.tfevents.*");
        var file = Assert.Single(files);
        var bytes = File.ReadAllBytes(file);
        Assert.NotEmpty(bytes);
        // Tags are stored as plain UTF-8 inside the protobuf records.
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("brain.Event:2", text);
        Assert.Contains("epoch/val_loss", text);
        Assert.Contains("step/loss", text);
        Assert.Equal(logDir, writer.LogDirectory);
    }
}
