// A VGG-style CNN (Simonyan & Zisserman 2014) at small width whose image size is free: adaptive pooling
// before the classifier makes it work for any H, W (as torchvision's VGG does). Sequential.
// Model: VggAnySize
// Calls: B=2, H=32, W=32 | B=3, H=40, W=24
using ShapeSharp;

namespace Corpus.VggAnySize;

[Input("B, 3, H, W")]
[Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
[AdaptiveAvgPool2d(2), Flatten]
[Linear(256), ReLU, Dropout(0.5), Linear(10)]
public partial class VggAnySize;
