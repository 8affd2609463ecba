using ShapeSharp;

namespace ShapeSharp.Definitions.Classic;

/// <summary>
/// The perceptron tutorials' XOR network: two inputs, one hidden layer, one logit. A single
/// linear layer cannot separate XOR; the tanh hidden layer can.
/// </summary>
[Input("B, 2")]
[Linear(8), Tanh]
[Linear(1)]
[BCEWithLogitsLoss, Adam(LearningRate = 0.05)]
public partial class XorMlp;
