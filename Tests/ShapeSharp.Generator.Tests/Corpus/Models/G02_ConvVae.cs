// A convolutional VAE on 28x28: strided convs, Flatten, one Linear giving mu and logvar together
// (chunk(2, dim: -1)), the reparameterisation, a Linear back to 64 * 7 * 7 viewed as [-1, 64, 7, 7],
// ConvTranspose2d up to 28x28, sigmoid.
// Model: ConvVae
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.ConvVae;

[Input("B, 1, 28, 28")]
public partial class ConvVae
{
    [Conv2d(32, Kernel = 4, Stride = 2, Padding = 1), ReLU, Conv2d(64, Kernel = 4, Stride = 2, Padding = 1), ReLU, Flatten, Linear(32)]
    private partial Tensor Encoder(Tensor x);

    [Linear(3136), ReLU] private partial Tensor Expand(Tensor z);

    [ConvTranspose2d(32, Kernel = 4, Stride = 2, Padding = 1), ReLU, ConvTranspose2d(1, Kernel = 4, Stride = 2, Padding = 1), Sigmoid]
    private partial Tensor Decoder(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var stats = Encoder(x).chunk(2, dim: -1);                   // 2 x [B, 16]
        var (mu, logvar) = (stats[0], stats[1]);
        var z = mu + torch.randn_like(mu) * (0.5 * logvar).exp();   // [B, 16]
        var h = Expand(z).view(-1, 64, 7, 7);                       // [B, 64, 7, 7]
        return Decoder(h);                                          // [B, 1, 28, 28]
    }
}
