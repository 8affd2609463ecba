// A post-norm Transformer encoder layer (Vaswani et al. 2017) written with einsum: per-head q/k/v views,
// scores "bthd,bshd->bhts" scaled by 1/sqrt(d), a key padding mask [B, T] (true = padding) viewed to
// [B, 1, 1, T] for masked_fill(-inf), context "bhts,bshd->bthd" reshaped back, residuals, LayerNorm.
// Model: MaskedEncoderLayer
// Calls: B=2, T=6 | B=3, T=10
using System;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.MaskedEncoderEinsum;

[Input("B, T, 64", Name = "x")]
[Input("B, T", Name = "padding", Dtype = DType.Bool)]
public partial class MaskedEncoderLayer
{
    private const int Heads = 4;
    private const int HeadDim = 16;

    [Linear(64)] private partial Tensor Query(Tensor x);
    [Linear(64)] private partial Tensor Key(Tensor x);
    [Linear(64)] private partial Tensor Value(Tensor x);
    [Linear(64)] private partial Tensor Output(Tensor x);
    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [LayerNorm] private partial Tensor Norm2(Tensor x);
    [Linear(256), GELU, Dropout(0.1), Linear(64)] private partial Tensor FeedForward(Tensor x);

    public override Tensor forward(Tensor x, Tensor padding)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var q = Query(x).view(b, t, Heads, HeadDim);
        var k = Key(x).view(b, t, Heads, HeadDim);
        var v = Value(x).view(b, t, Heads, HeadDim);
        var scores = einsum("bthd,bshd->bhts", q, k) / Math.Sqrt(HeadDim);      // [B, 4, T, T]
        scores = scores.masked_fill(padding.view(b, 1, 1, t), double.NegativeInfinity);
        var attention = scores.softmax(-1);
        var context = einsum("bhts,bshd->bthd", attention, v).reshape(b, t, -1); // [B, T, 64]
        x = Norm1(x + Output(context));
        return Norm2(x + FeedForward(x));
    }
}
