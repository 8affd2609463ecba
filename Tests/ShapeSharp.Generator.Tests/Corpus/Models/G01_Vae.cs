// The VAE of PyTorch's examples/vae (Kingma & Welling 2013): an MLP encoder to mu and logvar, the
// reparameterisation mu + eps * exp(0.5 * logvar) with randn_like, a decoder ending in a sigmoid;
// forward returns the tuple (reconstruction, mu, logvar).
// Model: Vae
// Calls: B=2 | B=6
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Vae;

[Input("B, 784")]
public partial class Vae
{
    [Linear(400), ReLU] private partial Tensor Encoder(Tensor x);
    [Linear(20)] private partial Tensor Mu(Tensor h);
    [Linear(20)] private partial Tensor LogVar(Tensor h);
    [Linear(400), ReLU, Linear(784), Sigmoid] private partial Tensor Decoder(Tensor z);

    public override (Tensor Reconstruction, Tensor Mu, Tensor LogVar) forward(Tensor x)
    {
        var h = Encoder(x);
        var mu = Mu(h);
        var logvar = LogVar(h);
        var std = exp(0.5 * logvar);
        var eps = randn_like(std);
        var z = mu + eps * std;                                     // [B, 20]
        return (Decoder(z), mu, logvar);
    }
}
