// Swin-style window attention (Liu et al. 2021) on a channels-last map [B, 16, 16, 32]: window
// partition by view(b, 4, 4, 4, 4, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, 16, c), multi-head
// self-attention inside each window (fused qkv, reshape/permute to [3, Bw, heads, 16, d]), then the
// windows reversed with the inverse view/permute, a residual and an MLP.
// Model: WindowBlock
// Calls: B=2 | B=3
using System;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.WindowAttention;

[Input("B, 16, 16, 32")]
public partial class WindowBlock
{
    private const int Window = 4;
    private const int Heads = 2;

    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [Linear(96)] private partial Tensor Qkv(Tensor x);
    [Linear(32)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(64), GELU, Linear(32)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var windows = Norm1(x).view(b, h / Window, Window, w / Window, Window, c)
            .permute(0, 1, 3, 2, 4, 5).reshape(-1, Window * Window, c);                   // [B * 16, 16, 32]
        var n = windows.shape[0];
        var qkv = Qkv(windows).reshape(n, Window * Window, 3, Heads, c / Heads).permute(2, 0, 3, 1, 4);  // [3, Bw, 2, 16, 16]
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        var attention = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(c / Heads)).softmax(-1);  // [Bw, 2, 16, 16]
        var attended = Proj(attention.matmul(v).transpose(1, 2).reshape(n, Window * Window, c));  // [Bw, 16, 32]
        var merged = attended.view(b, h / Window, w / Window, Window, Window, c)
            .permute(0, 1, 3, 2, 4, 5).reshape(b, h, w, c);                                // [B, 16, 16, 32]
        x = x + merged;
        return x + Mlp(x);
    }
}
