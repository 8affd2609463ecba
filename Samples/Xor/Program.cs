using System;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Samples;
using ShapeSharp.Training;
using TorchSharp;
using Options = ShapeSharp.Samples.Options;

// The perceptron tutorials' XOR: four points no line separates, learned by a one-hidden-layer MLP.
var epochs = Options.Int("--epochs", "Epochs to train", 200, 1, 1_000_000);
var seed = Options.Long("--seed", "Seed of the initial weights", 0);
var verbose = Options.Verbose();
var command = new RootCommand(
    "Trains a one-hidden-layer MLP on XOR and prints its four answers. " +
    "Exit codes: 0 all four right, 3 not all right, 1 failed, 2 bad command line, 70 internal error, 130 stopped by Ctrl-C.")
{
    epochs, seed, verbose,
};

return SampleCommand.Run(command, verbose, args, (parse, stop) =>
{
    torch.manual_seed(parse.GetValue(seed));
    using var inputs = torch.tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
    using var targets = torch.tensor(new float[] { 0, 1, 1, 0 }, 4, 1);
    using var data = new TensorDataset(inputs, targets);
    using var model = new XorMlp();
    Console.WriteLine(model.Summary());

    var clock = Stopwatch.StartNew();
    var trainer = new Trainer(new TrainOptions { Epochs = parse.GetValue(epochs), CancellationToken = stop });
    var history = trainer.Fit(model, new DataLoader(data, batchSize: 4));
    clock.Stop();
    if (history.Cancelled)
    {
        Console.WriteLine($"Stopped after {history.Epochs.Count} epochs.");
        return ExitCodes.Cancelled;
    }

    using var logits = trainer.Predict(model, inputs);
    var predicted = logits.data<float>().ToArray().Select(l => l > 0 ? 1 : 0).ToArray();
    var expected = new[] { 0, 1, 1, 0 };
    var correct = predicted.Zip(expected, (p, e) => p == e).Count(ok => ok);
    for (var i = 0; i < 4; i++)
    {
        Console.WriteLine($"  {inputs[i, 0].item<float>():0} xor {inputs[i, 1].item<float>():0} -> {predicted[i]}");
    }

    Console.WriteLine($"Accuracy {correct}/4 = {100.0 * correct / 4:0}% after {history.Epochs.Count} epochs " +
                      $"(final loss {history.Series("loss").Last():0.0000}) in {clock.Elapsed.TotalMilliseconds:0} ms");
    return correct == 4 ? ExitCodes.Ok : ExitCodes.NotLearned;
});
