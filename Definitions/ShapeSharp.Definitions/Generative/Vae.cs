using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Generative;

/// <summary>
/// A convolutional variational autoencoder for 28x28 images in [0, 1] (Kingma and Welling 2013,
/// laid out as the PyTorch VAE example with convolutions): strided convolutions 28 -> 14 -> 7 to
/// the mean and log-variance of a 16-dim latent, a sample by the reparameterisation trick, and
/// transposed convolutions 7 -> 14 -> 28 back to pixel probabilities. <c>forward</c> returns the
/// reconstruction (a sample in training, the decoded mean in eval); <see cref="Loss"/> is the
/// negative ELBO that trains it.
/// </summary>
[Input("B, 1, 28, 28")]
[Output("B, 1, 28, 28")]
[Adam(LearningRate = 1e-3)]
public partial class ConvVae
{
    [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1), ReLU]
    [Conv2d(64, Kernel = 3, Stride = 2, Padding = 1), ReLU, Flatten]
    private partial Tensor Encoder(Tensor x);

    [Linear(16)] private partial Tensor Mu(Tensor h);
    [Linear(16)] private partial Tensor LogVar(Tensor h);

    [Linear(64 * 7 * 7), ReLU, Reshape(64, 7, 7)]
    // OutputPadding = 1: a stride-2 transposed conv maps 7 to 13 or 14; PyTorch picks 13 without it.
    [ConvTranspose2d(32, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1), ReLU]
    [ConvTranspose2d(1, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1), Sigmoid]
    private partial Tensor Decoder(Tensor z);

    public override Tensor forward(Tensor x)
    {
        var h = Encoder(x);                                  // [B, 3136]
        return Decoder(Sample(Mu(h), LogVar(h)));            // [B, 1, 28, 28]
    }

    /// <summary>
    /// The negative evidence lower bound per image: binary cross-entropy of the reconstruction summed
    /// over pixels, plus the KL divergence of the posterior from N(0, I) (the PyTorch VAE example's
    /// loss_function, averaged over the batch).
    /// </summary>
    public Tensor Loss(Tensor x)
    {
        var h = Encoder(x);
        var mu = Mu(h);
        var logVar = LogVar(h);
        var reconstruction = Decoder(Sample(mu, logVar));
        var likelihood = binary_cross_entropy(reconstruction, x, reduction: nn.Reduction.Sum);
        var kl = -0.5 * (1 + logVar - mu.pow(2) - logVar.exp()).sum();
        return (likelihood + kl) / x.shape[0];
    }

    /// <summary>z = mu + sigma * eps in training (the reparameterisation trick); the mean in eval, so inference is deterministic.</summary>
    private Tensor Sample(Tensor mu, Tensor logVar)
    {
        if (!training)
        {
            return mu;
        }

        return mu + (randn_like(mu) * exp(0.5 * logVar));
    }
}
