// A TextCNN as a sequential stack: Embedding, Permute(0, 2, 1) to channels-first, Conv1d, ReLU,
// MaxPool1d(2), a second conv, Flatten, Linear. Sequential.
// Model: SequentialTextCnn
// Sizes: vocab=500
// Calls: B=2 | B=4
using ShapeSharp;

namespace Corpus.SequentialTextCnn;

[Input("B, 32", Dtype = DType.Int64)]
[Embedding("vocab", 24), Permute(0, 2, 1)]
[Conv1d(32, Kernel = 3, Padding = 1), ReLU, MaxPool1d(2)]
[Conv1d(32, Kernel = 3), ReLU, MaxPool1d(2)]
[Flatten, Linear(2)]
public partial class SequentialTextCnn;
