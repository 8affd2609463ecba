using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>Each Definitions model written by hand with TorchSharp, layer for layer.</summary>
internal static class References
{
    public static nn.Module<Tensor, Tensor> XorMlp() => new SequentialReference(
        nn.Linear(2, 8), nn.Tanh(),
        nn.Linear(8, 1));

    public static nn.Module<Tensor, Tensor> FashionDnn() => new SequentialReference(
        nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(512, 256), nn.ReLU(),
        nn.Linear(256, 10));

    public static nn.Module<Tensor, Tensor> FashionCnn() => new SequentialReference(
        nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, 10));

    public static nn.Module<Tensor, Tensor> LeNet5() => new SequentialReference(
        nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10));

    public static nn.Module<Tensor, Tensor> VggSmall() => new SequentialReference(
        nn.Conv2d(3, 64, 3, padding: 1, bias: false), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding: 1, bias: false), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding: 1, bias: false), nn.BatchNorm2d(128), nn.ReLU(),
        nn.Conv2d(128, 128, 3, padding: 1, bias: false), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(128, 256, 3, padding: 1, bias: false), nn.BatchNorm2d(256), nn.ReLU(),
        nn.Conv2d(256, 256, 3, padding: 1, bias: false), nn.BatchNorm2d(256), nn.ReLU(), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Dropout(0.5), nn.Linear(256, 10));

    public static nn.Module<Tensor, Tensor> TextCnn(long vocab) => new SequentialReference(
        nn.Embedding(vocab, 128, padding_idx: 0),
        new Lambda("permute", x => x.permute(0, 2, 1)),
        nn.Conv1d(128, 128, 5, padding: 2), nn.ReLU(), nn.MaxPool1d(4),
        nn.Conv1d(128, 128, 5, padding: 2), nn.ReLU(), nn.MaxPool1d(16),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, 2));
}
