using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// A pre-norm encoder layer by hand (d 256, 4 heads): LayerNorm and fused QKV as one nn.Sequential,
/// the output projection with its dropout, and the GELU MLP, each around a residual. With
/// <c>causal</c> it is GPT's decoder layer, which has the same weights.
/// </summary>
internal sealed class EncoderLayerReference : nn.Module<Tensor, Tensor>
{
    private const long Width = 256, Heads = 4;

    private readonly Sequential qkv;
    private readonly Sequential proj;
    private readonly Sequential mlp;
    private readonly bool _causal;

    public EncoderLayerReference(bool causal = false)
        : base(nameof(EncoderLayerReference))
    {
        _causal = causal;
        qkv = nn.Sequential(nn.LayerNorm(Width), nn.Linear(Width, 3 * Width));
        proj = nn.Sequential(nn.Linear(Width, Width), nn.Dropout(0.1));
        mlp = nn.Sequential(nn.LayerNorm(Width), nn.Linear(Width, 4 * Width), nn.GELU(), nn.Linear(4 * Width, Width), nn.Dropout(0.1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, length) = (x.shape[0], x.shape[1]);
        var parts = qkv.forward(x).split(Width, dim: -1);
        Tensor SplitHeads(Tensor t) => t.view(batch, length, Heads, Width / Heads).transpose(1, 2);  // [B, heads, T, 64]
        var attention = scaled_dot_product_attention(SplitHeads(parts[0]), SplitHeads(parts[1]), SplitHeads(parts[2]), is_casual: _causal);
        x = x + proj.forward(attention.transpose(1, 2).contiguous().view(batch, length, Width));
        return x + mlp.forward(x);
    }
}

/// <summary>
/// The Transformer classifier by hand: token plus learned position embeddings, four encoder layers
/// in an nn.ModuleList, mean over positions, LayerNorm and a linear head.
/// </summary>
internal sealed class TransformerClassifierReference : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_embed;
    private readonly Embedding position_embed;
    private readonly ModuleList<EncoderLayerReference> layers;
    private readonly Sequential head;

    public TransformerClassifierReference(long vocab, long classes)
        : base(nameof(TransformerClassifierReference))
    {
        token_embed = nn.Embedding(vocab, 256);
        position_embed = nn.Embedding(128, 256);
        layers = nn.ModuleList(new EncoderLayerReference(), new EncoderLayerReference(), new EncoderLayerReference(), new EncoderLayerReference());
        head = nn.Sequential(nn.LayerNorm(256), nn.Linear(256, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids)
    {
        var x = token_embed.forward(ids) + position_embed.forward(arange(ids.shape[1], dtype: ScalarType.Int64));
        foreach (var layer in layers)
        {
            x = layer.forward(x);
        }

        return head.forward(x.mean(new long[] { 1 }));
    }
}
