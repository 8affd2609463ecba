// Seq2seq with Luong "general" attention (2015), teacher-forced in one pass: an LSTM encoder whose
// final hidden state starts a GRU decoder; scores = states.bmm(W(memory).transpose(1, 2)), softmax,
// context = weights.bmm(memory), tanh(Wc[context; state]), then the vocabulary projection.
// Model: LuongSeq2Seq
// Sizes: sourceVocab=40, targetVocab=30
// Calls: B=2, S=7, T=5 | B=3, S=4, T=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.LuongSeq2Seq;

[Input("B, S", Name = "source", Dtype = DType.Int64)]
[Input("B, T", Name = "target", Dtype = DType.Int64)]
public partial class LuongSeq2Seq
{
    [Embedding("sourceVocab", 32)] private partial Tensor SourceEmbed(Tensor ids);
    [Embedding("targetVocab", 32)] private partial Tensor TargetEmbed(Tensor ids);
    [LSTM(64)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encoder(Tensor x);
    [GRU(64)] private partial (Tensor Output, Tensor Hidden) Decoder(Tensor x, Tensor h0);
    [Linear(64, Bias = false)] private partial Tensor AttentionW(Tensor x);
    [Linear(64), Tanh] private partial Tensor Combine(Tensor x);
    [Linear("targetVocab")] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor source, Tensor target)
    {
        var (memory, hidden, _) = Encoder(SourceEmbed(source));                 // [B, S, 64], [1, B, 64]
        var (states, _) = Decoder(TargetEmbed(target), hidden);                 // [B, T, 64]
        var scores = states.bmm(AttentionW(memory).transpose(1, 2));            // [B, T, S]
        var weights = softmax(scores, dim: -1);
        var context = weights.bmm(memory);                                      // [B, T, 64]
        return Out(Combine(cat(new[] { context, states }, dim: -1)));           // [B, T, targetVocab]
    }
}
