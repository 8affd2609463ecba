using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>A ViT block by hand at width 64, 4 heads (timm's names, fused qkv after its norm).</summary>
internal sealed class VitBlockReference : nn.Module<Tensor, Tensor>
{
    private const long Width = 64, Heads = 4;

    private readonly Sequential qkv;
    private readonly Linear proj;
    private readonly Sequential mlp;

    public VitBlockReference()
        : base(nameof(VitBlockReference))
    {
        qkv = nn.Sequential(nn.LayerNorm(Width), nn.Linear(Width, 3 * Width));
        proj = nn.Linear(Width, Width);
        mlp = nn.Sequential(nn.LayerNorm(Width), nn.Linear(Width, 4 * Width), nn.GELU(), nn.Linear(4 * Width, Width));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, length) = (x.shape[0], x.shape[1]);
        var parts = qkv.forward(x).split(Width, dim: -1);
        Tensor SplitHeads(Tensor t) => t.view(batch, length, Heads, Width / Heads).transpose(1, 2);
        var attention = scaled_dot_product_attention(SplitHeads(parts[0]), SplitHeads(parts[1]), SplitHeads(parts[2]));
        x = x + proj.forward(attention.transpose(1, 2).contiguous().view(batch, length, Width));
        return x + mlp.forward(x);
    }
}

/// <summary>ViT-tiny by hand: patch convolution, class token and position table as Parameters, blocks in an nn.ModuleList.</summary>
internal sealed class VitTinyReference : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly ModuleList<VitBlockReference> blocks;
    private readonly Sequential head;

    public VitTinyReference()
        : base(nameof(VitTinyReference))
    {
        patch_embed = nn.Conv2d(3, 64, 8, stride: 8);
        cls_token = nn.Parameter(zeros(1, 1, 64));
        pos_embed = nn.Parameter(zeros(1, 17, 64));
        blocks = nn.ModuleList(new VitBlockReference(), new VitBlockReference(), new VitBlockReference(), new VitBlockReference());
        head = nn.Sequential(nn.LayerNorm(64), nn.Linear(64, 10));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = patch_embed.forward(x).flatten(2).transpose(1, 2);
        x = cat(new[] { cls_token.expand(x.shape[0], -1, -1), x }, 1) + pos_embed;
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }

        return head.forward(x[.., 0]);
    }
}
