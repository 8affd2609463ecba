// A feature extractor for any image size with the downsampling arithmetic users get wrong by hand:
// a strided 7x7 conv, GoogLeNet's ceil-mode 3x3/2 max pool, a dilated 3x3 conv, a strided average
// pool; the output spatial size is a floor/ceil expression of the free H and W. Sequential.
// Model: FreeSizeDownsampling
// Calls: B=2, H=33, W=47 | B=1, H=64, W=20
using ShapeSharp;

namespace Corpus.FreeSizeDownsampling;

[Input("B, 3, H, W")]
[Conv2d(16, Kernel = 7, Stride = 2, Padding = 3), BatchNorm2d, ReLU]
[MaxPool2d(3, Stride = 2, CeilMode = true)]
[Conv2d(32, Kernel = 3, Padding = 2, Dilation = 2), ReLU]
[AvgPool2d(2, Stride = 2)]
[Conv2d(8, Kernel = 1)]
public partial class FreeSizeDownsampling;
