// A LLaMA-style decoder layer written differently from the zoo's: a fused gate/up projection split
// with chunk(2, -1) for SwiGLU, RoPE from cos/sin tables applied with slicing
// (x[..., :d/2], x[..., d/2:] via TensorIndex), a hand-written weightless RMS norm on queries and
// keys (QK-norm: x * rsqrt(x.pow(2).mean(-1, keepdim) + eps)), scaled_dot_product_attention(is_causal).
// Model: LlamaLayer
// Calls: B=2, T=8 | B=1, T=5
using System;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.LlamaQkNorm;

[Input("B, T, 96")]
public partial class LlamaLayer
{
    private const int Heads = 3;
    private const int HeadDim = 32;

    [RMSNorm] private partial Tensor InputNorm(Tensor x);
    [Linear(288, Bias = false)] private partial Tensor Qkv(Tensor x);
    [Linear(96, Bias = false)] private partial Tensor OutProj(Tensor x);
    [RMSNorm] private partial Tensor PostNorm(Tensor x);
    [Linear(512, Bias = false)] private partial Tensor GateUp(Tensor x);
    [Linear(96, Bias = false)] private partial Tensor Down(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var qkv = Qkv(InputNorm(x)).view(b, t, 3, Heads, HeadDim).permute(2, 0, 3, 1, 4);   // [3, B, H, T, D]
        var q = Rope(RmsNorm(qkv[0]));
        var k = Rope(RmsNorm(qkv[1]));
        var v = qkv[2];
        var attention = scaled_dot_product_attention(q, k, v, is_casual: true);          // [B, H, T, D]
        x = x + OutProj(attention.transpose(1, 2).reshape(b, t, Heads * HeadDim));
        var gateUp = GateUp(PostNorm(x)).chunk(2, dim: -1);
        return x + Down(silu(gateUp[0]) * gateUp[1]);
    }

    private static Tensor RmsNorm(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + 1e-6);

    private static Tensor Rope(Tensor x)
    {
        var t = x.shape[2];
        var half = x.shape[3] / 2;
        var inverse = exp(arange(0, half, dtype: ScalarType.Float32) * (-Math.Log(10000.0) / half));   // [D/2]
        var angles = outer(arange(t, dtype: ScalarType.Float32), inverse);                        // [T, D/2]
        var (cos, sin) = (angles.cos(), angles.sin());
        var x1 = x[TensorIndex.Ellipsis, TensorIndex.Slice(null, half)];
        var x2 = x[TensorIndex.Ellipsis, TensorIndex.Slice(half, null)];
        return cat(new[] { x1 * cos - x2 * sin, x1 * sin + x2 * cos }, dim: -1);
    }
}
