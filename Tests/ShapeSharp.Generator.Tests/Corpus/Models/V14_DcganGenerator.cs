// The DCGAN generator (Radford et al. 2015; PyTorch's DCGAN tutorial) at 32x32: a latent [B, 100, 1, 1]
// through ConvTranspose2d + BatchNorm + ReLU, doubling the size each step, Tanh at the end. Sequential.
// Model: Generator
// Calls: B=2 | B=5
using ShapeSharp;

namespace Corpus.DcganGenerator;

[Input("B, 100, 1, 1")]
[ConvTranspose2d(128, Kernel = 4, Bias = false), BatchNorm2d, ReLU]
[ConvTranspose2d(64, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[ConvTranspose2d(32, Kernel = 4, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[ConvTranspose2d(3, Kernel = 4, Stride = 2, Padding = 1, Bias = false), Tanh]
public partial class Generator;
