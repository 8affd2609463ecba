using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// The convolutional VAE by hand, as the PyTorch VAE example with convolutions: an encoder
/// nn.Sequential, the mu and log-variance heads, a decoder nn.Sequential (Linear, Unflatten,
/// transposed convolutions with output_padding 1), and the reparameterisation in training only.
/// </summary>
internal sealed class ConvVaeReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential encoder;
    private readonly Linear mu;
    private readonly Linear log_var;
    private readonly Sequential decoder;

    public ConvVaeReference()
        : base(nameof(ConvVaeReference))
    {
        encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.ReLU(), nn.Flatten());
        mu = nn.Linear(64 * 7 * 7, 16);
        log_var = nn.Linear(64 * 7 * 7, 16);
        decoder = nn.Sequential(
            nn.Linear(16, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, new long[] { 64, 7, 7 }),
            nn.ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, stride: 2, padding: 1, output_padding: 1), nn.Sigmoid());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = encoder.forward(x);
        var mean = mu.forward(h);
        var z = training ? mean + (randn_like(mean) * (0.5 * log_var.forward(h)).exp()) : mean;
        return decoder.forward(z);
    }
}
