using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>The DCGAN pair by hand, each one nn.Sequential named <c>layers</c> (as in the PyTorch DCGAN tutorial).</summary>
internal static class DcganReference
{
    public static nn.Module<Tensor, Tensor> Generator() => new SequentialReference(
        nn.ConvTranspose2d(100, 128, 7, bias: false), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, stride: 2, padding: 1), nn.Tanh());

    public static nn.Module<Tensor, Tensor> Discriminator() => new SequentialReference(
        nn.Conv2d(1, 64, 4, stride: 2, padding: 1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1));
}
