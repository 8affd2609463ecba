// A 2-layer BiLSTM text classifier over padded batches: the LSTM's output sequence mean-pooled
// under a 0/1 float mask ((h * m).sum(1) / m.sum(1).clamp_min(1)), then a linear head.
// Model: BiLstmMaskedMean
// Sizes: vocab=50
// Calls: B=2, T=6 | B=4, T=11
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.BiLstmMaskedMean;

[Input("B, T", Name = "ids", Dtype = DType.Int64)]
[Input("B, T", Name = "mask")]
public partial class BiLstmMaskedMean
{
    [Embedding("vocab", 48, PaddingIdx = 0)] private partial Tensor Embed(Tensor ids);
    [LSTM(64, Bidirectional = true, Layers = 2, Dropout = 0.1)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encoder(Tensor x);
    [Linear(3)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids, Tensor mask)
    {
        var (output, _, _) = Encoder(Embed(ids));                   // [B, T, 128]
        var m = mask.unsqueeze(-1);                                 // [B, T, 1]
        var pooled = (output * m).sum(1) / m.sum(1).clamp_min(1.0); // [B, 128]
        return Head(pooled);
    }
}
