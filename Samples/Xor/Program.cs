using System;
using System.Diagnostics;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Training;
using TorchSharp;

// The perceptron tutorials' XOR: four points no line separates, learned by a one-hidden-layer MLP.
torch.manual_seed(0);
using var inputs = torch.tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
using var targets = torch.tensor(new float[] { 0, 1, 1, 0 }, 4, 1);
using var data = new TensorDataset(inputs, targets);
using var model = new XorMlp();
Console.WriteLine(model.Summary());

var clock = Stopwatch.StartNew();
var history = new Trainer().Fit(model, new DataLoader(data, batchSize: 4), options: new TrainOptions { Epochs = 200 });
clock.Stop();

using var noGrad = torch.no_grad();
model.eval();
using var logits = model.forward(inputs);
var predicted = logits.data<float>().ToArray().Select(l => l > 0 ? 1 : 0).ToArray();
var expected = new[] { 0, 1, 1, 0 };
var correct = predicted.Zip(expected, (p, e) => p == e).Count(ok => ok);
for (var i = 0; i < 4; i++)
{
    Console.WriteLine($"  {inputs[i, 0].item<float>():0} xor {inputs[i, 1].item<float>():0} -> {predicted[i]}");
}

Console.WriteLine($"Accuracy {correct}/4 = {100.0 * correct / 4:0}% after {history.Epochs.Count} epochs " +
                  $"(final loss {history.Series("loss").Last():0.0000}) in {clock.Elapsed.TotalMilliseconds:0} ms");
return correct == 4 ? 0 : 1;
