using System.Diagnostics;
using MyModel;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using ShapeSharp.Training;
using TorchSharp;

// Trains RingClassifier (Model.cs) to tell which of three rings a point lies in, on points it
// makes itself. Usage: dotnet run [-- EPOCHS]
var epochs = 10;
if (args.Length > 1 || (args.Length == 1 && (!int.TryParse(args[0], out epochs) || epochs < 1)))
{
    Console.Error.WriteLine($"usage: dotnet run [-- EPOCHS], EPOCHS a whole number above 0 (got '{string.Join(' ', args)}')");
    return 2;
}

// A training program keeps freed native memory in the process: on Linux each step would otherwise
// fault its activations back in.
NativeMemory.KeepFreedMemory();
// A model this small trains fastest on one thread (10x here on a busy 2-core machine); leave this
// out for larger ones.
torch.set_num_threads(1);
torch.manual_seed(1);
using var train = Rings(4000);
using var test = Rings(1000);
using var model = new RingClassifier();
Console.WriteLine(model.Summary());

var clock = Stopwatch.StartNew();
var trainer = new Trainer(new TrainOptions { Epochs = epochs, Metrics = new Func<IMetric>[] { () => new Accuracy() } });
var history = trainer.Fit(
    model,
    new DataLoader(train, batchSize: 64, shuffle: true, seed: 1),
    new DataLoader(test, batchSize: 500));
var result = trainer.Evaluate(model, new DataLoader(test, batchSize: 500), new IMetric[] { new Accuracy() });
Console.WriteLine($"Test accuracy {100 * result.Metrics["accuracy"]:0.0} % after {history.Epochs.Count} epochs in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;

// Points uniform in the square [-1, 1]^2; the class is the ring: radius below 0.4, below 0.8, beyond.
static TensorDataset Rings(int count)
{
    var points = torch.rand(count, 2) * 2 - 1;
    using var radius = points.square().sum(1).sqrt();
    var rings = (radius > 0.4).to(torch.int64) + (radius > 0.8).to(torch.int64);
    return new TensorDataset(points, rings);
}
