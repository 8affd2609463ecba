// Zhang et al.'s character-level CNN (2015), small: one-hot characters [B, 70, 128], Conv1d with
// MaxPool1d(3) twice, two more convs, a pool, flatten, a dropout MLP. Sequential.
// Model: CharCnn
// Calls: B=2 | B=3
using ShapeSharp;

namespace Corpus.CharCnn;

[Input("B, 70, 128")]
[Conv1d(64, Kernel = 7), ReLU, MaxPool1d(3)]
[Conv1d(64, Kernel = 7), ReLU, MaxPool1d(3)]
[Conv1d(64, Kernel = 3), ReLU, Conv1d(64, Kernel = 3), ReLU, MaxPool1d(3)]
[Flatten, Linear(64), ReLU, Dropout(0.5), Linear(4)]
[CrossEntropyLoss]
public partial class CharCnn;
