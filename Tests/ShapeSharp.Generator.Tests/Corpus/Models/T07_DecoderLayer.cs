// A Transformer decoder layer: causal self-attention (a triu bool mask from ones(t, t)), cross-attention
// over the encoder memory, a ReLU feed-forward; MultiheadAttention blocks, post-norm.
// Model: DecoderLayer
// Calls: B=2, T=5, S=8 | B=3, T=9, S=4
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.DecoderLayer;

[Input("B, T, 64", Name = "tgt")]
[Input("B, S, 64", Name = "memory")]
public partial class DecoderLayer
{
    [MultiheadAttention(8)] private partial Tensor SelfAttention(Tensor query, Tensor key, Tensor value, Tensor? mask);
    [MultiheadAttention(8)] private partial Tensor CrossAttention(Tensor query, Tensor key, Tensor value);
    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [LayerNorm] private partial Tensor Norm2(Tensor x);
    [LayerNorm] private partial Tensor Norm3(Tensor x);
    [Linear(256), ReLU, Dropout(0.1), Linear(64)] private partial Tensor FeedForward(Tensor x);

    public override Tensor forward(Tensor tgt, Tensor memory)
    {
        var t = tgt.size(1);
        var causal = triu(ones(t, t, dtype: ScalarType.Bool), diagonal: 1);   // true above the diagonal: not attended
        var x = Norm1(tgt + SelfAttention(tgt, tgt, tgt, causal));
        x = Norm2(x + CrossAttention(x, memory, memory));
        return Norm3(x + FeedForward(x));
    }
}
