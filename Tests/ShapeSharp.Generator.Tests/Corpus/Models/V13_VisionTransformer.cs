// A small ViT (Dosovitskiy et al. 2020): a strided-conv PatchEmbed, flatten(2).transpose(1, 2) to
// tokens, a learned class token (an nn.Parameter field, expanded over the batch) joined with cat, a
// learned position table added, pre-norm encoder blocks (a sub-model with a MultiheadAttention
// block, Repeat = 2), the class token's output to the head.
// Finding: FINDINGS.md #3 and #4: the block named Attention collides with a generated local (CS0841); past that, its clsToken and posEmbed Parameter fields would not be registered (#4).
// Model: VisionTransformer
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Corpus.VisionTransformer;

[Input("B, N, 64")]
public partial class EncoderBlock
{
    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [MultiheadAttention(4)] private partial Tensor Attention(Tensor query, Tensor key, Tensor value);
    [LayerNorm, Linear(128), GELU, Linear(64)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = Norm1(x);
        x = x + Attention(h, h, h);
        return x + Mlp(x);
    }
}

[Input("B, 3, 32, 32")]
public partial class VisionTransformer
{
    private const int Dim = 64;
    private const int Patches = 64;                          // (32 / 4) ^ 2

    private readonly Parameter clsToken = nn.Parameter(zeros(1, 1, Dim));
    private readonly Parameter posEmbed = nn.Parameter(randn(1, Patches + 1, Dim) * 0.02);

    [Conv2d(64, Kernel = 4, Stride = 4)] private partial Tensor PatchEmbed(Tensor x);
    [Layer<EncoderBlock>(Repeat = 2)] private partial Tensor Blocks(Tensor x);
    [LayerNorm] private partial Tensor Norm(Tensor x);
    [Linear(10)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = PatchEmbed(x).flatten(2).transpose(1, 2);          // [B, 64, 64]
        var cls = clsToken.expand(x.shape[0], -1, -1);          // [B, 1, 64]
        x = cat(new[] { cls, x }, dim: 1) + posEmbed;           // [B, 65, 64]
        x = Norm(Blocks(x));
        return Head(x[.., 0]);                                  // [B, 10]
    }
}
