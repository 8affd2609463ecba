// The DCGAN discriminator at 32x32: strided convs with LeakyReLU(NegativeSlope = 0.2) and BatchNorm, a final 4x4 conv
// to one logit, flattened to [B, 1]. Sequential, trained with BCEWithLogitsLoss.
// Model: Discriminator
// Calls: B=2 | B=3
using ShapeSharp;

namespace Corpus.DcganDiscriminator;

[Input("B, 3, 32, 32")]
[Conv2d(32, Kernel = 4, Stride = 2, Padding = 1, Bias = false), LeakyReLU(NegativeSlope = 0.2)]
[Conv2d(64, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, LeakyReLU(NegativeSlope = 0.2)]
[Conv2d(128, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, LeakyReLU(NegativeSlope = 0.2)]
[Conv2d(1, Kernel = 4, Bias = false), Flatten]
[BCEWithLogitsLoss, Adam(LearningRate = 2e-4)]
public partial class Discriminator;
