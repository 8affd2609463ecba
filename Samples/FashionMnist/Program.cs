using System;
using System.Diagnostics;
using System.IO;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Metrics;
using ShapeSharp.Reporting;
using ShapeSharp.Samples.FashionMnist;
using ShapeSharp.Training;
using TorchSharp;

// The main job: train the Definitions CNN on Fashion-MNIST (the bundled 12,000/2,000 real subset,
// or the full set with --data), report, and write plots, history and a checkpoint.
Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// A training program keeps freed native memory in the process: with glibc's defaults each step may
// fault its activations back in (2-3x slower here). SHAPESHARP_MALLOC=default leaves glibc alone.
NativeMemory.KeepFreedMemory();
var clock = Stopwatch.StartNew();
TensorDataset train, test;
try
{
    (train, test) = ShapeSharp.Data.FashionMnist.Load(options.Data, limit: options.Limit);
}
catch (DataFormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

Console.WriteLine($"Fashion-MNIST from {Path.GetFullPath(options.Data)}: {train.Count} training and {test.Count} test images");

// The last 10% of the training images validate (early stopping watches them); the test set is
// only used once, at the end.
var validationCount = train.Count / 10;
using var fit = new TensorDataset(train.Inputs.narrow(0, 0, train.Count - validationCount), train.Targets.narrow(0, 0, train.Count - validationCount));
using var validation = new TensorDataset(train.Inputs.narrow(0, train.Count - validationCount, validationCount), train.Targets.narrow(0, train.Count - validationCount, validationCount));

torch.manual_seed(options.Seed);
using var model = new FashionCnn();
Console.WriteLine(model.Summary());

var output = Path.GetFullPath(options.Out);
Directory.CreateDirectory(output);
var history = new Trainer().Fit(
    model,
    new DataLoader(fit, options.BatchSize, shuffle: true, seed: options.Seed),
    new DataLoader(validation, 500),
    new TrainOptions
    {
        Epochs = options.Epochs,
        Seed = options.Seed,
        Metrics = new Func<IMetric>[] { () => new Accuracy() },
        Callbacks = new ITrainingCallback[] { new ProgressCallback() },
        CheckpointPath = Path.Combine(output, "checkpoint.bin"),
        ResumeFrom = options.Resume,
        ResumePolicy = options.Rebase ? ResumePolicy.Rebase : ResumePolicy.Exact,
    });

var confusion = new ConfusionMatrix(classes: 10);
var result = Trainer.Evaluate(model, new DataLoader(test, 500), model.ComputeLoss, new IMetric[] { confusion, new Accuracy() });
Console.WriteLine();
Console.WriteLine($"Test accuracy: {result.Metrics["accuracy"]:P2} on {result.Samples} images (loss {result.Loss:0.0000})");
Console.WriteLine(confusion.Report(ShapeSharp.Data.FashionMnist.ClassNames));

HistoryFiles.WriteCsv(history, Path.Combine(output, "history.csv"));
HistoryFiles.WriteJson(history, Path.Combine(output, "history.json"));
Plots.Loss(history, Path.Combine(output, "loss.png"));
Plots.Accuracy(history, Path.Combine(output, "accuracy.png"));
Plots.ConfusionMatrix(confusion.Matrix, ShapeSharp.Data.FashionMnist.ClassNames, Path.Combine(output, "confusion.png"));
Console.WriteLine($"Wrote checkpoint.bin, history.csv, history.json, loss.png, accuracy.png, confusion.png to {output}");
Console.WriteLine($"Total time {clock.Elapsed.TotalSeconds:0.0}s");
train.Dispose();
test.Dispose();
return 0;
