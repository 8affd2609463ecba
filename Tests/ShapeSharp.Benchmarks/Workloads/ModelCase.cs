using System;
using ShapeSharp.Benchmarks.Models;
using ShapeSharp.Definitions.Classic;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// One benchmarked model: how to make the generated model and its hand-written twin, a batch of the
/// size measured, the loss both train with, and how to switch the generated model's input guard.
/// </summary>
internal sealed record ModelCase(
    string Name,
    Func<nn.Module<Tensor, Tensor>> NewGenerated,
    Func<nn.Module<Tensor, Tensor>> NewHandWritten,
    int Batch,
    Func<torch.Generator, long, (Tensor X, Tensor Y)> NewBatchOf,
    Func<Tensor, Tensor, Tensor> Loss,
    Action<nn.Module<Tensor, Tensor>, bool> SetInputGuard)
{
    /// <summary>The [Params] values of the benchmarks, in the order of the issue.</summary>
    public static readonly string[] Names = { "FashionCnn", "Mlp", "Encoder", "GptMini" };

    /// <summary>A batch of <see cref="Batch"/> examples.</summary>
    public (Tensor X, Tensor Y) NewBatch(torch.Generator generator) => NewBatchOf(generator, Batch);

    /// <summary>The model <paramref name="name"/> at its measured batch size, or at <paramref name="batch"/>.</summary>
    public static ModelCase Get(string name, int? batch = null)
    {
        var measured = Get(name);
        return batch is { } b ? measured with { Batch = b } : measured;
    }

    private static ModelCase Get(string name) => name switch
    {
        "FashionCnn" => new(name, () => new FashionCnn(), FashionCnnByHand,
            64, (g, b) => (randn(new long[] { b, 1, 28, 28 }, generator: g), randint(0, 10, new long[] { b }, generator: g)),
            (output, target) => nn.functional.cross_entropy(output, target, label_smoothing: 0.1),
            (m, on) => ((FashionCnn)m).CheckInputShapes = on),
        "Mlp" => new(name, () => new Mlp(), () => new MlpByHand(),
            128, (g, b) => (randn(new long[] { b, 784 }, generator: g), randint(0, 10, new long[] { b }, generator: g)),
            (output, target) => nn.functional.cross_entropy(output, target),
            (m, on) => ((Mlp)m).CheckInputShapes = on),
        "Encoder" => new(name, () => new EncoderClassifier(), () => new EncoderClassifierByHand(),
            8, (g, b) => (randint(0, 1000, new long[] { b, 128 }, generator: g), randint(0, 10, new long[] { b }, generator: g)),
            (output, target) => nn.functional.cross_entropy(output, target),
            (m, on) => ((EncoderClassifier)m).CheckInputShapes = on),
        "GptMini" => new(name, () => new GptMini(), () => new GptMiniByHand(),
            8, (g, b) => (randint(0, 1000, new long[] { b, 128 }, generator: g), randint(0, 1000, new long[] { b, 128 }, generator: g)),
            GptMini.LanguageModelLoss,
            (m, on) => ((GptMini)m).CheckInputShapes = on),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Models: {string.Join(", ", Names)}."),
    };

    /// <summary>The Fashion CNN by hand (Definitions' FashionCnn: same layers, same order).</summary>
    private static nn.Module<Tensor, Tensor> FashionCnnByHand() => nn.Sequential(
        nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10));
}
