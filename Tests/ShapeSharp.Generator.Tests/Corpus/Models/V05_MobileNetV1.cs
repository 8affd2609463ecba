// MobileNetV1 (Howard et al. 2017) depthwise-separable convolutions: a 3x3 depthwise conv
// (Groups = channels) then a 1x1 pointwise conv, each with BatchNorm and ReLU. Sequential.
// Model: MobileNetV1Tiny
// Calls: B=2 | B=3
using ShapeSharp;

namespace Corpus.MobileNetV1;

[Input("B, 3, 64, 64")]
[Conv2d(32, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(32, Kernel = 3, Padding = 1, Groups = 32, Bias = false), BatchNorm2d, ReLU, Conv2d(64, Kernel = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(64, Kernel = 3, Stride = 2, Padding = 1, Groups = 64, Bias = false), BatchNorm2d, ReLU, Conv2d(128, Kernel = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(128, Kernel = 3, Stride = 2, Padding = 1, Groups = 128, Bias = false), BatchNorm2d, ReLU, Conv2d(256, Kernel = 1, Bias = false), BatchNorm2d, ReLU]
[AdaptiveAvgPool2d(1), Flatten, Dropout(0.2), Linear(100)]
public partial class MobileNetV1Tiny;
