using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Text;

/// <summary>
/// A bidirectional LSTM text classifier (the IMDB / AG News tutorial model): token embeddings, a
/// two-layer BiLSTM, and a head on the last layer's final forward and backward states.
/// <c>new BiLstmClassifier(vocab: 20000, classes: 4)</c>.
/// </summary>
[Input("B, T", Dtype = DType.Int64)]
[CrossEntropyLoss, AdamW(LearningRate = 2e-3, WeightDecay = 0.01), GradientClipping(1.0)]
public partial class BiLstmClassifier
{
    [Embedding("vocab", 128, PaddingIdx = 0)]
    private partial Tensor Embed(Tensor ids);

    [LSTM(128, Layers = 2, Bidirectional = true, Dropout = 0.2)]
    private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);

    [Dropout(0.3), Linear("classes")]
    private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var (_, hidden, _) = Encode(Embed(ids));                   // hidden: [4, B, 128]
        var last = cat(new[] { hidden[-2], hidden[-1] }, dim: 1);  // [B, 256]: the top layer, both directions
        return Head(last);
    }
}
