// A GPT in nanoGPT's style (Karpathy): token + position embeddings (positions from arange(0, t)),
// blocks with a fused c_attn split(n_embd, dim: 2), heads by view/transpose, q @ k^T * 1/sqrt(d),
// a causal tril mask via masked_fill(-inf), softmax, att @ v merged back by
// transpose/contiguous/view, a GELU MLP; final LayerNorm and an lm_head tied to wte.
// Model: NanoGpt
// Sizes: vocab=65
// Calls: B=2, T=7 | B=3, T=12
using System;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.NanoGpt;

[Input("B, T, 64")]
public partial class Block
{
    private const int NHead = 4;

    [LayerNorm] private partial Tensor Ln1(Tensor x);
    [Linear(192)] private partial Tensor CAttn(Tensor x);
    [Linear(64)] private partial Tensor CProj(Tensor x);
    [LayerNorm] private partial Tensor Ln2(Tensor x);
    [Linear(256), GELU, Linear(64), Dropout(0.1)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (b, t, c) = (x.size(0), x.size(1), x.size(2));
        var qkv = CAttn(Ln1(x)).split(64, dim: 2);
        var q = qkv[0].view(b, t, NHead, c / NHead).transpose(1, 2);           // [B, 4, T, 16]
        var k = qkv[1].view(b, t, NHead, c / NHead).transpose(1, 2);
        var v = qkv[2].view(b, t, NHead, c / NHead).transpose(1, 2);
        var att = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(k.size(-1)));  // [B, 4, T, T]
        var mask = tril(ones(t, t)).view(1, 1, t, t);
        att = att.masked_fill(mask.eq(0), float.NegativeInfinity);
        att = softmax(att, dim: -1);
        var y = att.matmul(v).transpose(1, 2).contiguous().view(b, t, c);      // [B, T, 64]
        x = x + CProj(y);
        return x + Mlp(Ln2(x));
    }
}

[Input("B, T", Dtype = DType.Int64)]
[AdamW(LearningRate = 3e-4)]
public partial class NanoGpt
{
    [Embedding("vocab", 64)] private partial Tensor Wte(Tensor ids);
    [Embedding(32, 64)] private partial Tensor Wpe(Tensor positions);
    [Layer<Block>(Repeat = 2)] private partial Tensor Blocks(Tensor x);
    [LayerNorm] private partial Tensor LnF(Tensor x);
    [Linear("vocab", Bias = false, TiedTo = nameof(Wte))] private partial Tensor LmHead(Tensor x);

    public override Tensor forward(Tensor idx)
    {
        var t = idx.size(1);
        var pos = arange(0, t, dtype: ScalarType.Int64, device: idx.device);   // [T]
        var x = Wte(idx) + Wpe(pos);                                            // [B, T, 64]
        x = LnF(Blocks(x));
        return LmHead(x);                                                       // [B, T, vocab]
    }
}
