// A decoder for any feature-map size (an FCN/SegNet-style upsampling path): ConvTranspose2d with
// stride 2 and OutputPadding doubling H and W exactly, a 4x4/2 transposed conv doubling again, a
// 3x3 conv keeping the size. Sequential; the output is [B, 3, 4 * H, 4 * W].
// Model: FreeSizeDecoder
// Calls: B=2, H=5, W=7 | B=3, H=8, W=3
using ShapeSharp;

namespace Corpus.FreeSizeDecoder;

[Input("B, 64, H, W")]
[ConvTranspose2d(32, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1), BatchNorm2d, ReLU]
[ConvTranspose2d(16, Kernel = 4, Stride = 2, Padding = 1), BatchNorm2d, ReLU]
[Conv2d(3, Kernel = 3, Padding = 1), Tanh]
public partial class FreeSizeDecoder;
