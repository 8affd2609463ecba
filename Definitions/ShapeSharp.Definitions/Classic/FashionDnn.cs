using ShapeSharp;

namespace ShapeSharp.Definitions.Classic;

/// <summary>
/// The dense Fashion-MNIST classifier of the classic tutorials: flatten the 28x28 image, two
/// hidden layers, a 10-class head.
/// </summary>
[Input("B, 1, 28, 28")]
[Flatten, Linear(512), ReLU, Dropout(0.2)]
[Linear(256), ReLU]
[Linear(10)]
[CrossEntropyLoss, Adam(LearningRate = 1e-3)]
public partial class FashionDnn;
