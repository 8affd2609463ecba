// LeNet-5 (LeCun et al. 1998) as in PyTorch's "Neural Networks" tutorial: 32x32 digits, a sequential stack.
// Model: LeNet
// Calls: B=2 | B=5
using ShapeSharp;

namespace Corpus.LeNet5;

[Input("B, 1, 32, 32")]
[Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2)]
[Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
[Flatten, Linear(120), ReLU, Linear(84), ReLU]
[Linear(10)]
[CrossEntropyLoss, SGD(LearningRate = 0.01, Momentum = 0.9)]
public partial class LeNet;
