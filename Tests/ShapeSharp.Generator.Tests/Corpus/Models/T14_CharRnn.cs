// Karpathy's char-rnn in PyTorch: embeddings, a 2-layer LSTM with dropout, dropout, a linear decoder
// over the vocabulary, and the logits flattened for the loss with view(-1, logits.shape[2]).
// Model: CharRnn
// Sizes: vocab=40
// Calls: B=2, T=10 | B=3, T=4
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.CharRnn;

[Input("B, T", Dtype = DType.Int64)]
public partial class CharRnn
{
    [Embedding("vocab", 32)] private partial Tensor Encoder(Tensor ids);
    [LSTM(128, Layers = 2, Dropout = 0.2)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Rnn(Tensor x);
    [Dropout(0.2), Linear("vocab")] private partial Tensor Decoder(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var (output, _, _) = Rnn(Encoder(ids));                     // [B, T, 128]
        var logits = Decoder(output);                               // [B, T, vocab]
        return logits.view(-1, logits.shape[2]);                    // [B * T, vocab]
    }
}
