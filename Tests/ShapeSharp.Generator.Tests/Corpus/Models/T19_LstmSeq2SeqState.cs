// The classic LSTM encoder-decoder (Sutskever et al. 2014): the encoder's (h_n, c_n) passed as the
// decoder's initial state tuple, teacher forcing, vocabulary logits.
// Model: LstmSeq2Seq
// Sizes: vocab=40
// Calls: B=2, S=6, T=4 | B=3, S=3, T=8
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.LstmSeq2SeqState;

[Input("B, S", Name = "source", Dtype = DType.Int64)]
[Input("B, T", Name = "target", Dtype = DType.Int64)]
public partial class LstmSeq2Seq
{
    [Embedding("vocab", 32)] private partial Tensor Embed(Tensor ids);
    [LSTM(64, Layers = 2)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encoder(Tensor x);
    [LSTM(64, Layers = 2)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Decoder(Tensor x, (Tensor, Tensor) state);
    [Linear("vocab")] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor source, Tensor target)
    {
        var (_, h, c) = Encoder(Embed(source));                     // [2, B, 64] each
        var (states, _, _) = Decoder(Embed(target), (h, c));        // [B, T, 64]
        return Out(states);                                         // [B, T, vocab]
    }
}
