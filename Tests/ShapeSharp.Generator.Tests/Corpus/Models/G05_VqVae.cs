// A VQ-VAE (van den Oord et al. 2017) bottleneck: conv encoder to [B, 32, 8, 8], channels-last
// permute and reshape(-1, 32) to vectors, squared distances to the codebook (an Embedding block read
// at arange(K)) by x^2 - 2 x·c + c^2, argmin, the codebook looked up, the straight-through estimator
// x + (q - x).detach(), reshaped back and decoded with ConvTranspose2d.
// Model: VqVae
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.VqVae;

[Input("B, 3, 32, 32")]
public partial class VqVae
{
    private const int Codes = 64;

    [Conv2d(16, Kernel = 4, Stride = 2, Padding = 1), ReLU, Conv2d(32, Kernel = 4, Stride = 2, Padding = 1)] private partial Tensor Encoder(Tensor x);
    [Embedding(Codes, 32)] private partial Tensor Codebook(Tensor ids);
    [ConvTranspose2d(16, Kernel = 4, Stride = 2, Padding = 1), ReLU, ConvTranspose2d(3, Kernel = 4, Stride = 2, Padding = 1)] private partial Tensor Decoder(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var z = Encoder(x);                                                         // [B, 32, 8, 8]
        var (b, h, w) = (z.shape[0], z.shape[2], z.shape[3]);
        var flat = z.permute(0, 2, 3, 1).reshape(-1, 32);                           // [B * 64, 32]
        var codebook = Codebook(arange(Codes, dtype: ScalarType.Int64));           // [64, 32]
        var distances = flat.pow(2).sum(1, keepdim: true) - 2 * flat.matmul(codebook.t()) + codebook.pow(2).sum(1);  // [B * 64, 64]
        var codes = distances.argmin(1);                                            // [B * 64]
        var quantised = Codebook(codes);                                            // [B * 64, 32]
        quantised = flat + (quantised - flat).detach();
        var q = quantised.view(b, h, w, 32).permute(0, 3, 1, 2);                    // [B, 32, 8, 8]
        return Decoder(q);                                                          // [B, 3, 32, 32]
    }
}
