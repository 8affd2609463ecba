// A tabular MLP as in most Kaggle notebooks: BatchNorm1d on the raw features, Linear/ReLU/BatchNorm1d
// /Dropout blocks, a regression output. Sequential.
// Model: TabularMlp
// Calls: B=4 | B=9
using ShapeSharp;

namespace Corpus.TabularMlp;

[Input("B, 30")]
[BatchNorm1d]
[Linear(128), ReLU, BatchNorm1d, Dropout(0.3)]
[Linear(64), ReLU, BatchNorm1d, Dropout(0.3)]
[Linear(1)]
[MSELoss, AdamW(LearningRate = 1e-3, WeightDecay = 1e-4)]
public partial class TabularMlp;
