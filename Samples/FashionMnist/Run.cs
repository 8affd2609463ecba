using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Metrics;
using ShapeSharp.Reporting;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp.Samples.FashionMnist;

/// <summary>One run of the sample; every problem it finds is an exception the top-level handler reports in one line.</summary>
internal static class Run
{
    private const int Side = 28;

    public static int Train(Settings settings, CancellationToken stop)
    {
        // A training program keeps freed native memory in the process: with glibc's defaults each step may
        // fault its activations back in (2-3x slower here). SHAPESHARP_MALLOC=default leaves glibc alone.
        NativeMemory.KeepFreedMemory();
        var clock = Stopwatch.StartNew();
        var output = PrepareOutput(settings.Out);
        // Before anything is read or trained: a lock (a second run on this folder fails at once, naming
        // the first), and a folder holding an earlier run's checkpoint is refused unless --resume or --overwrite.
        using var claim = OutputFolder.Claim(output, resume: settings.Resume is not null, overwrite: settings.Overwrite);

        var (train, test) = ShapeSharp.Data.FashionMnist.Load(settings.Data, limit: settings.Limit);
        using var _train = train;
        using var _test = test;
        CheckImages(settings.Data, train, test);
        Console.WriteLine($"Fashion-MNIST from {Path.GetFullPath(settings.Data)}: {train.Count} training and {test.Count} test images");

        // The last 10% of the training images validate (early stopping watches them); the test set is
        // only used once, at the end.
        var validationCount = train.Count / 10;
        using var fit = new TensorDataset(train.Inputs.narrow(0, 0, train.Count - validationCount), train.Targets.narrow(0, 0, train.Count - validationCount));
        using var validation = new TensorDataset(train.Inputs.narrow(0, train.Count - validationCount, validationCount), train.Targets.narrow(0, train.Count - validationCount, validationCount));

        var device = TrainingDevice.Resolve(settings.Device);
        Console.WriteLine($"Device: {TrainingDevice.Describe(device)}{(settings.Device is null ? " (auto)" : "")}");
        Console.WriteLine($"Precision: {settings.Precision switch { DType.BFloat16 => "bf16 (mixed)", DType.Float16 => "fp16 (mixed, loss scaling)", _ => "fp32" }}");

        torch.manual_seed(settings.Seed);
        using var model = new FashionCnn();
        Console.WriteLine(model.Summary());

        var checkpoint = new CheckpointCallback(claim.CheckpointPath);
        var historyFiles = new HistoryCallback(output);
        var plots = new PlotsCallback(output);
        using var progress = new ProgressCallback();
        var trainer = new Trainer(new TrainOptions
        {
            Epochs = settings.Epochs,
            Seed = settings.Seed,
            Device = device,
            Precision = settings.Precision,
            Metrics = new Func<IMetric>[] { () => new Accuracy() },
            Callbacks = new ITrainingCallback[] { progress, checkpoint, historyFiles, plots },
            ResumeFrom = settings.Resume is "" ? checkpoint.Path : settings.Resume,
            ResumePolicy = settings.Rebase ? ResumePolicy.Rebase : ResumePolicy.Exact,
            CancellationToken = stop,
        });
        var history = trainer.Fit(model, new DataLoader(fit, settings.BatchSize, shuffle: true, seed: settings.Seed), new DataLoader(validation, 500));
        if (history.Cancelled)
        {
            Console.WriteLine(checkpoint.Saved is { } saved
                ? $"Stopped after optimizer step {saved.Step} ({saved.Epoch} epochs finished); checkpoint written to {checkpoint.Path}. " +
                  "To continue, run again with the same options and --resume."
                : "Stopped before the first training step; no checkpoint written.");
            return ExitCodes.Cancelled;
        }

        var confusion = new ConfusionMatrix(classes: 10);
        var result = trainer.Evaluate(model, new DataLoader(test, 500), new IMetric[] { confusion, new Accuracy() });
        Console.WriteLine();
        Console.WriteLine($"Test accuracy: {result.Metrics["accuracy"]:P2} on {result.Samples} images (loss {result.Loss:0.0000})");
        Console.WriteLine(confusion.Report(ShapeSharp.Data.FashionMnist.ClassNames));

        var written = new List<string>();
        if (checkpoint.Saved is not null)
        {
            written.Add(checkpoint.Path);
        }

        written.AddRange(historyFiles.Written);
        written.AddRange(plots.Written);
        var confusionPath = Path.Combine(output, "confusion.png");
        Plots.ConfusionMatrix(confusion.Matrix, ShapeSharp.Data.FashionMnist.ClassNames, confusionPath);
        written.Add(confusionPath);
        Console.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {output}" +
            (checkpoint.Saved is null ? " (no epoch trained, so no checkpoint)" : ""));
        Console.WriteLine($"Total time {clock.Elapsed.TotalSeconds:0.0}s");
        return ExitCodes.Ok;
    }

    /// <summary>Creates --out and proves it writable now, rather than after the first epoch.</summary>
    private static string PrepareOutput(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, new byte[] { 1 });
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SampleException($"--out '{path}' is not a writable folder: {e.Message}", e);
        }

        return full;
    }

    private static void CheckImages(string folder, TensorDataset train, TensorDataset test)
    {
        if (train.Count < 10 || test.Count == 0)
        {
            throw new SampleException(
                $"the data in '{Path.GetFullPath(folder)}' has {train.Count} training and {test.Count} test images; " +
                "at least 10 training images (a tenth validates) and 1 test image are needed.");
        }

        var shape = train.Inputs.shape;
        if (shape[2] != Side || shape[3] != Side || test.Inputs.shape[2] != Side || test.Inputs.shape[3] != Side)
        {
            throw new SampleException(
                $"the images in '{Path.GetFullPath(folder)}' are {shape[2]}x{shape[3]} (test {test.Inputs.shape[2]}x{test.Inputs.shape[3]}); " +
                $"FashionCnn takes {Side}x{Side} images.");
        }
    }
}
