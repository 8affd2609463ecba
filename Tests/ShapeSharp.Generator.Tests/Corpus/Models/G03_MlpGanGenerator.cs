// The original GAN's MLP generator on MNIST (Goodfellow et al. 2014, as in PyTorch-GAN): LeakyReLU,
// BatchNorm1d, Tanh, and a Reshape to [1, 28, 28] per sample. Sequential.
// Model: MlpGenerator
// Calls: B=2 | B=16
using ShapeSharp;

namespace Corpus.MlpGanGenerator;

[Input("B, 64")]
[Linear(128), LeakyReLU(NegativeSlope = 0.2)]
[Linear(256), BatchNorm1d, LeakyReLU(NegativeSlope = 0.2)]
[Linear(512), BatchNorm1d, LeakyReLU(NegativeSlope = 0.2)]
[Linear(784), Tanh, Reshape(1, 28, 28)]
public partial class MlpGenerator;
