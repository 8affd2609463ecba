using ShapeSharp;

namespace ShapeSharp.Definitions.Classic;

/// <summary>
/// LeNet-5 as in the CIFAR-10 tutorial, for 3x32x32 images. <c>In = 400</c> is the tutorial's
/// hand-computed 16 * 5 * 5, stated so the generator checks it (on a 1x28x28 input it would be
/// SS0001: the real size is 256).
/// </summary>
[Input("B, 3, 32, 32")]
[Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2)]
[Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
[Flatten, Linear(120, In = 400), ReLU]
[Linear(84), ReLU]
[Linear(10)]
[CrossEntropyLoss, SGD(LearningRate = 0.01, Momentum = 0.9)]
public partial class LeNet5;
