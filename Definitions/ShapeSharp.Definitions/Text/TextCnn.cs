using ShapeSharp;

namespace ShapeSharp.Definitions.Text;

/// <summary>
/// A 1-D convolutional sentence classifier over token ids of fixed length 64. The vocabulary
/// size is a symbol, so it becomes a constructor parameter: <c>new TextCnn(vocab: 30000)</c>.
/// </summary>
[Input("B, 64", Dtype = DType.Int64)]
[Embedding("vocab", 128, PaddingIdx = 0)]
[Permute(0, 2, 1)]
[Conv1d(128, Kernel = 5, Padding = 2), ReLU, MaxPool1d(4)]
[Conv1d(128, Kernel = 5, Padding = 2), ReLU, MaxPool1d(16)]
[Flatten, Dropout(0.5), Linear(2)]
[CrossEntropyLoss, AdamW(LearningRate = 2e-3)]
public partial class TextCnn;
