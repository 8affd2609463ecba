using System.Linq;
using ShapeSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Benchmarks.Models;

/// <summary>A pre-norm Transformer encoder layer, d 256, 4 heads: fused QKV, scaled_dot_product_attention, a 4x MLP.</summary>
[Input("B, T, 256")]
[MixedPrecision]
public partial class EncoderLayer
{
    private const int Heads = 4;

    [LayerNorm, Linear(768)] private partial Tensor Qkv(Tensor x);
    [Linear(256)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(1024), GELU, Linear(256)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var qkv = Qkv(x).chunk(3, dim: -1);
        var attention = scaled_dot_product_attention(Split(qkv[0]), Split(qkv[1]), Split(qkv[2]));
        x = x + Proj(Merge(attention));
        return x + Mlp(x);
    }

    private static Tensor Split(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

    private static Tensor Merge(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
}

/// <summary>A 4-layer encoder classifier over 128 tokens (vocabulary 1000, learned positions, mean pooling, 10 classes).</summary>
[Input("B, 128", Dtype = DType.Int64)]
[MixedPrecision]
[CrossEntropyLoss, AdamW(Fused = true)]
public partial class EncoderClassifier
{
    [Embedding(1000, 256)] private partial Tensor Embed(Tensor ids);
    [Embedding(128, 256)] private partial Tensor Position(Tensor positions);
    [Layer<EncoderLayer>(Repeat = 4)] private partial Tensor Layers(Tensor x);
    [LayerNorm, Linear(10)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var positions = arange(ids.shape[1], device: ids.device);
        return Head(Layers(Embed(ids) + Position(positions)).mean([1]));
    }
}

/// <summary>The encoder layer written by hand in TorchSharp, causal or not (GPT-mini's decoder layer is the causal one).</summary>
public sealed class EncoderLayerByHand : nn.Module<Tensor, Tensor>
{
    private const int Heads = 4;
    private readonly LayerNorm _qkvNorm = nn.LayerNorm(256);
    private readonly Linear _qkv = nn.Linear(256, 768);
    private readonly Linear _proj = nn.Linear(256, 256);
    private readonly LayerNorm _mlpNorm = nn.LayerNorm(256);
    private readonly Linear _fc1 = nn.Linear(256, 1024);
    private readonly GELU _gelu = nn.GELU();
    private readonly Linear _fc2 = nn.Linear(1024, 256);
    private readonly bool _causal;

    public EncoderLayerByHand(bool causal = false)
        : base(nameof(EncoderLayerByHand))
    {
        _causal = causal;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var qkv = _qkv.forward(_qkvNorm.forward(x)).chunk(3, dim: -1);
        var heads = qkv.Select(h => h.view(b, t, Heads, -1).transpose(1, 2)).ToArray();
        var attention = scaled_dot_product_attention(heads[0], heads[1], heads[2], is_casual: _causal);
        x = x + _proj.forward(attention.transpose(1, 2).reshape(b, t, -1));
        return x + _fc2.forward(_gelu.forward(_fc1.forward(_mlpNorm.forward(x))));
    }
}

/// <summary>The encoder classifier written by hand.</summary>
public sealed class EncoderClassifierByHand : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _embed = nn.Embedding(1000, 256);
    private readonly Embedding _position = nn.Embedding(128, 256);
    private readonly ModuleList<EncoderLayerByHand> _layers = nn.ModuleList(Enumerable.Range(0, 4).Select(_ => new EncoderLayerByHand()).ToArray());
    private readonly LayerNorm _headNorm = nn.LayerNorm(256);
    private readonly Linear _head = nn.Linear(256, 10);

    public EncoderClassifierByHand()
        : base(nameof(EncoderClassifierByHand)) => RegisterComponents();

    public override Tensor forward(Tensor ids)
    {
        var x = _embed.forward(ids) + _position.forward(arange(ids.shape[1], device: ids.device));
        foreach (var layer in _layers)
        {
            x = layer.forward(x);
        }

        return _head.forward(_headNorm.forward(x.mean([1])));
    }
}
