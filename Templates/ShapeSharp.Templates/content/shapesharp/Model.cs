using ShapeSharp;

namespace MyModel;

// A point of the plane in, a score for each of three rings out. Every shape is checked when you
// build: the Linear layers' input sizes are inferred from [Input], and a mistake is a build error.
[Input("B, 2")]
[Linear(64), ReLU]
[Linear(64), ReLU]
[Linear(3)]
[CrossEntropyLoss, AdamW(LearningRate = 1e-2)]
public partial class RingClassifier;
