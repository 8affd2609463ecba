using ShapeSharp;

namespace ShapeSharp.Definitions.Classic;

/// <summary>
/// The Fashion-MNIST CNN of the main job: two conv/pool stages, a dense layer with dropout and a
/// 10-class head, trained with label-smoothed cross-entropy, AdamW and warm-up with linear decay.
/// It carries the mixed-precision casts, off until TrainOptions.Precision (the sample's --precision) turns them on.
/// </summary>
[Input("B, 1, 28, 28")]
[MixedPrecision]
[Conv2d(32, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
[Conv2d(64, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
[Flatten, Linear(128), ReLU, Dropout(0.25)]
[Linear(10)]
[CrossEntropyLoss(LabelSmoothing = 0.1), AdamW(LearningRate = 1e-3, WeightDecay = 0.01, Fused = true)]
[WarmupLinearDecay(WarmupSteps = 100), EarlyStopping(Patience = 3, MinDelta = 1e-4)]
public partial class FashionCnn;
