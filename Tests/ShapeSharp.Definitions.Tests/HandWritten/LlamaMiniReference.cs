using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>RMSNorm as the LLaMA paper and its reference code write it: x / rms(x) x weight, no bias.</summary>
internal sealed class RmsNormReference : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-6;

    private readonly Parameter weight;

    public RmsNormReference(long features)
        : base(nameof(RmsNormReference))
    {
        weight = new Parameter(ones(features));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * rsqrt(x.pow(2).mean(new long[] { -1 }, keepdim: true) + Epsilon) * weight;
}

/// <summary>
/// A LLaMA layer by hand in the Hugging Face layout: RMSNorm, q/k/v/o projections without bias,
/// rotary embeddings applied as x·cos + rotate_half(x)·sin with inverse frequencies
/// 1 / base^(2i/D), grouped-query attention by repeating each key/value head for its query heads,
/// and the SwiGLU MLP.
/// </summary>
internal sealed class LlamaBlockReference : nn.Module<Tensor, Tensor>
{
    private const long Width = 128, Heads = 4, KeyValueHeads = 2, HeadSize = Width / Heads, Hidden = 344;
    private const double RopeBase = 10000;

    private readonly RmsNormReference attention_norm;
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly RmsNormReference mlp_norm;
    private readonly Linear gate;
    private readonly Linear up;
    private readonly Linear down;

    public LlamaBlockReference()
        : base(nameof(LlamaBlockReference))
    {
        attention_norm = new RmsNormReference(Width);
        query = nn.Linear(Width, Heads * HeadSize, hasBias: false);
        key = nn.Linear(Width, KeyValueHeads * HeadSize, hasBias: false);
        value = nn.Linear(Width, KeyValueHeads * HeadSize, hasBias: false);
        output = nn.Linear(Width, Width, hasBias: false);
        mlp_norm = new RmsNormReference(Width);
        gate = nn.Linear(Width, Hidden, hasBias: false);
        up = nn.Linear(Width, Hidden, hasBias: false);
        down = nn.Linear(Hidden, Width, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, length) = (x.shape[0], x.shape[1]);
        var (cos, sin) = Rotary(length);
        var h = attention_norm.forward(x);
        var q = Rope(query.forward(h).view(batch, length, Heads, HeadSize).transpose(1, 2), cos, sin);
        var k = Rope(key.forward(h).view(batch, length, KeyValueHeads, HeadSize).transpose(1, 2), cos, sin);
        var v = value.forward(h).view(batch, length, KeyValueHeads, HeadSize).transpose(1, 2);
        var attention = scaled_dot_product_attention(q, RepeatKeyValue(k), RepeatKeyValue(v), is_casual: true);
        x = x + output.forward(attention.transpose(1, 2).reshape(batch, length, Width));
        var m = mlp_norm.forward(x);
        return x + down.forward(silu(gate.forward(m)) * up.forward(m));
    }

    /// <summary>cos and sin of position x frequency, [T, D], the D/2 frequencies written twice.</summary>
    private static (Tensor Cos, Tensor Sin) Rotary(long length)
    {
        var inverse = 1.0 / pow(RopeBase, arange(0, HeadSize, 2, dtype: ScalarType.Float32) / HeadSize);
        var angles = outer(arange(length, dtype: ScalarType.Float32), inverse);
        var both = cat(new[] { angles, angles }, dim: -1);
        return (both.cos(), both.sin());
    }

    private static Tensor Rope(Tensor t, Tensor cos, Tensor sin)
    {
        var half = t.shape[3] / 2;
        var rotated = cat(new[] { -t[.., .., .., (int)half..], t[.., .., .., ..(int)half] }, dim: -1);  // rotate_half
        return (t * cos) + (rotated * sin);
    }

    /// <summary>[B, kvHeads, T, D] to [B, heads, T, D]: each key/value head serves consecutive query heads.</summary>
    private static Tensor RepeatKeyValue(Tensor t)
    {
        var (batch, length) = (t.shape[0], t.shape[2]);
        return t.unsqueeze(2).expand(batch, KeyValueHeads, Heads / KeyValueHeads, length, HeadSize)
            .reshape(batch, Heads, length, HeadSize);
    }
}

/// <summary>LLaMA-mini by hand: embedding, four layers in an nn.ModuleList, RMSNorm and an untied head.</summary>
internal sealed class LlamaMiniReference : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly ModuleList<LlamaBlockReference> layers;
    private readonly Sequential head;

    public LlamaMiniReference(long vocab)
        : base(nameof(LlamaMiniReference))
    {
        embed = nn.Embedding(vocab, 128);
        layers = nn.ModuleList(new LlamaBlockReference(), new LlamaBlockReference(), new LlamaBlockReference(), new LlamaBlockReference());
        head = nn.Sequential(new RmsNormReference(128), nn.Linear(128, vocab, hasBias: false));
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids)
    {
        var x = embed.forward(ids);
        foreach (var layer in layers)
        {
            x = layer.forward(x);
        }

        return head.forward(x);
    }
}
