using System;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Generative;

/// <summary>
/// The DCGAN generator for 28x28 images (MNIST / Fashion-MNIST, as in the PyTorch DCGAN tutorial
/// scaled down): a 100-dim noise vector as a 1x1 map, transposed convolutions 1 -> 7 -> 14 -> 28
/// with batch norm and ReLU, and tanh to [-1, 1].
/// </summary>
[Input("B, 100, 1, 1")]
[ConvTranspose2d(128, Kernel = 7, Bias = false), BatchNorm2d, ReLU]
[ConvTranspose2d(64, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[ConvTranspose2d(1, Kernel = 4, Stride = 2, Padding = 1), Tanh]
[Adam(LearningRate = 2e-4, Beta1 = 0.5)]
public partial class DcganGenerator;

/// <summary>
/// The DCGAN discriminator: strided convolutions 28 -> 14 -> 7 with LeakyReLU(0.2) (batch norm
/// after the second), and one logit per image (real vs generated).
/// </summary>
[Input("B, 1, 28, 28")]
[Conv2d(64, Kernel = 4, Stride = 2, Padding = 1), LeakyReLU(NegativeSlope = 0.2)]
[Conv2d(128, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, LeakyReLU(NegativeSlope = 0.2)]
[Flatten, Linear(1)]
[BCEWithLogitsLoss, Adam(LearningRate = 2e-4, Beta1 = 0.5)]
public partial class DcganDiscriminator;

/// <summary>
/// The two-optimizer loop of a GAN, one batch at a time: the discriminator learns to tell real
/// images (label 1) from generated ones (label 0), then the generator learns to make the
/// discriminator say 1 on its images (the non-saturating loss).
/// </summary>
public sealed class DcganTraining : IDisposable
{
    private readonly DcganGenerator _generator;
    private readonly DcganDiscriminator _discriminator;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;
    private readonly Generator? _noise;

    public DcganTraining(DcganGenerator generator, DcganDiscriminator discriminator, Generator? noise = null)
    {
        _generator = generator;
        _discriminator = discriminator;
        _generatorOptimizer = generator.CreateOptimizer();
        _discriminatorOptimizer = discriminator.CreateOptimizer();
        _noise = noise;
    }

    /// <summary>Noise for <paramref name="count"/> images: [count, 100, 1, 1].</summary>
    public Tensor Noise(long count) => randn(new[] { count, 100L, 1, 1 }, generator: _noise);

    /// <summary>One discriminator step and one generator step on a batch of real images in [-1, 1].</summary>
    /// <returns>The discriminator's and the generator's loss.</returns>
    public (float Discriminator, float Generator) Step(Tensor real)
    {
        using var scope = NewDisposeScope();
        _generator.train();
        _discriminator.train();
        var batch = real.shape[0];
        var ones = torch.ones(batch, 1);
        var zeros = torch.zeros(batch, 1);

        var fake = _generator.call(Noise(batch));
        _discriminatorOptimizer.zero_grad();
        var discriminatorLoss = binary_cross_entropy_with_logits(_discriminator.call(real), ones)
                              + binary_cross_entropy_with_logits(_discriminator.call(fake.detach()), zeros);
        discriminatorLoss.backward();
        _discriminatorOptimizer.step();

        _generatorOptimizer.zero_grad();
        var generatorLoss = binary_cross_entropy_with_logits(_discriminator.call(fake), ones);
        generatorLoss.backward();
        _generatorOptimizer.step();
        return (discriminatorLoss.item<float>(), generatorLoss.item<float>());
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
    }
}
