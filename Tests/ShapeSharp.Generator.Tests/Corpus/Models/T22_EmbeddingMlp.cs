// A fixed-length text classifier as a sequential stack (Keras-tutorial style): Embedding over 20 ids,
// Flatten, a dropout MLP. Sequential.
// Model: EmbeddingMlp
// Sizes: vocab=300
// Calls: B=2 | B=5
using ShapeSharp;

namespace Corpus.EmbeddingMlp;

[Input("B, 20", Dtype = DType.Int64)]
[Embedding("vocab", 16), Flatten]
[Linear(64), ReLU, Dropout(0.3), Linear(3)]
[CrossEntropyLoss]
public partial class EmbeddingMlp;
