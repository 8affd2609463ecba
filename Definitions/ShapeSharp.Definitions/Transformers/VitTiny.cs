using ShapeSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Transformers;

/// <summary>
/// A pre-norm ViT encoder block of any width D with 4 heads (timm's Block): LayerNorm, fused QKV
/// ("3 * D"), scaled dot-product attention and a projection; LayerNorm and a GELU MLP ("4 * D");
/// each around a residual. D comes from the input where it is used.
/// </summary>
[Input("B, T, D")]
public partial class VitBlock
{
    private const int Heads = 4;

    [LayerNorm, Linear("3 * D")] private partial Tensor Qkv(Tensor x);
    [Linear("D")] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear("4 * D"), GELU, Linear("D")] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var qkv = Qkv(x).chunk(3, dim: -1);                                    // 3 x [B, T, D]
        var attention = scaled_dot_product_attention(
            SplitHeads(qkv[0]), SplitHeads(qkv[1]), SplitHeads(qkv[2]));        // [B, 4, T, D / 4]
        x = x + Proj(MergeHeads(attention, x.shape[2]));                       // [B, T, D]
        return x + Mlp(x);
    }

    private static Tensor SplitHeads(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

    // The width is passed, not inferred with -1: -1 here is 4 x (D / 4), which the checker does not
    // know to be D, so Proj would be sized at its first call instead of with the model.
    private static Tensor MergeHeads(Tensor t, long width) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], width);
}

/// <summary>
/// A ViT-tiny for 32x32 images (Dosovitskiy et al. 2020, at CIFAR scale): 8x8 patches embedded by
/// a stride-8 convolution (16 tokens of width 64), a learned class token in front, a learned
/// position table, four encoder blocks, and a linear head on the class token after a final norm.
/// Class token and positions start from a truncated normal of std 0.02, as timm's.
/// </summary>
[Input("B, 3, 32, 32")]
[Output("B, 10")]
[CrossEntropyLoss, AdamW(LearningRate = 1e-3, WeightDecay = 0.05)]
public partial class VitTiny
{
    [Conv2d(64, Kernel = 8, Stride = 8)] private partial Tensor PatchEmbed(Tensor x);

    [Learned("1, 1, 64", TruncatedNormal = 0.02)] private readonly Parameter cls_token;
    [Learned("1, 17, 64", TruncatedNormal = 0.02)] private readonly Parameter pos_embed;

    [Layer<VitBlock>(Repeat = 4)] private partial Tensor Blocks(Tensor x);
    [LayerNorm, Linear(10)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = PatchEmbed(x).flatten(2).transpose(1, 2);                                       // [B, 16, 64]
        x = cat(new[] { cls_token.expand(x.shape[0], -1, -1), x }, dim: 1) + pos_embed;     // [B, 17, 64]
        return Head(Blocks(x)[.., 0]);                                                      // [B, 10]
    }
}
