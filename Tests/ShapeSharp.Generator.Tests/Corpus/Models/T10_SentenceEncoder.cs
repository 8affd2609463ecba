// A sentence-embedding model (SBERT-style mean pooling): token + position embeddings, encoder blocks
// (a sub-model using scaled_dot_product_attention with a key mask), then the attention mask
// (int64 0/1) unsqueezed, expanded to the hidden shape and cast, a masked mean with
// clamp_min(1e-9), and F.normalize(p: 2, dim: 1).
// Finding: FINDINGS.md #1: SS0007 on [Layer<EncoderBlock>], a sub-model with two inputs (a false alarm).
// Model: SentenceEncoder
// Sizes: vocab=100
// Calls: B=2, T=6 | B=4, T=13
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.SentenceEncoder;

[Input("B, T, 64", Name = "x")]
[Input("B, T", Name = "keep", Dtype = DType.Bool)]
public partial class EncoderBlock
{
    [Linear(192)] private partial Tensor Qkv(Tensor x);
    [Linear(64)] private partial Tensor Proj(Tensor x);
    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [Linear(128), GELU, Linear(64)] private partial Tensor Ffn(Tensor x);
    [LayerNorm] private partial Tensor Norm2(Tensor x);

    public override Tensor forward(Tensor x, Tensor keep)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var parts = Qkv(x).view(b, t, 3, 4, 16).unbind(2);                       // 3 x [B, T, 4, 16]
        var q = parts[0].transpose(1, 2);
        var k = parts[1].transpose(1, 2);
        var v = parts[2].transpose(1, 2);
        var attended = scaled_dot_product_attention(q, k, v, attn_mask: keep.view(b, 1, 1, t));
        x = Norm1(x + Proj(attended.transpose(1, 2).reshape(b, t, 64)));
        return Norm2(x + Ffn(x));
    }
}

[Input("B, T", Name = "inputIds", Dtype = DType.Int64)]
[Input("B, T", Name = "attentionMask", Dtype = DType.Int64)]
public partial class SentenceEncoder
{
    [Embedding("vocab", 64)] private partial Tensor TokenEmbed(Tensor ids);
    [Embedding(128, 64)] private partial Tensor PositionEmbed(Tensor positions);
    [Layer<EncoderBlock>] private partial Tensor Layer1(Tensor x, Tensor keep);
    [Layer<EncoderBlock>] private partial Tensor Layer2(Tensor x, Tensor keep);

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64).unsqueeze(0);    // [1, T]
        var keep = attentionMask.ne(0);
        var hidden = TokenEmbed(inputIds) + PositionEmbed(positions);                       // [B, T, 64]
        hidden = Layer2(Layer1(hidden, keep), keep);
        var mask = attentionMask.unsqueeze(-1).expand(hidden.shape).to_type(hidden.dtype);  // [B, T, 64]
        var summed = (hidden * mask).sum(1);                                                // [B, 64]
        var counts = mask.sum(1).clamp_min(1e-9);
        return normalize(summed / counts, p: 2, dim: 1);                                    // [B, 64]
    }
}
