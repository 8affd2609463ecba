using ShapeSharp;

namespace ShapeSharp.Definitions.Classic;

/// <summary>
/// A VGG-style CIFAR-10 network: three stages of two 3x3 convolutions with batch norm, each
/// halving the resolution, then global average pooling and a dropout classifier head.
/// </summary>
[Input("B, 3, 32, 32")]
[Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(128, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(128, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(256, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d(256, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU, MaxPool2d(2)]
[AdaptiveAvgPool2d(1), Flatten]
[Dropout(0.5), Linear(10)]
[CrossEntropyLoss, SGD(LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4)]
[WarmupCosineDecay(WarmupSteps = 200)]
public partial class VggSmall;
