using System.Linq;
using ShapeSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Benchmarks.Models;

/// <summary>GPT-mini's decoder layer: the encoder layer with causal attention.</summary>
[Input("B, T, 256")]
[MixedPrecision]
public partial class DecoderLayer
{
    private const int Heads = 4;

    [LayerNorm, Linear(768)] private partial Tensor Qkv(Tensor x);
    [Linear(256)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(1024), GELU, Linear(256)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var qkv = Qkv(x).chunk(3, dim: -1);
        var attention = scaled_dot_product_attention(Split(qkv[0]), Split(qkv[1]), Split(qkv[2]), is_casual: true);
        x = x + Proj(Merge(attention));
        return x + Mlp(x);
    }

    private static Tensor Split(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

    private static Tensor Merge(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
}

/// <summary>
/// GPT-mini: token and position embeddings, 4 causal decoder layers (d 256, 4 heads), a final LayerNorm
/// and the LM head over a 1000-token vocabulary; logits [B, T, 1000]. No loss is declared: the LM loss
/// (<see cref="LanguageModelLoss"/>) flattens the positions and is passed to TrainContext.
/// </summary>
[Input("B, 128", Dtype = DType.Int64)]
[MixedPrecision]
[AdamW(Fused = true)]
public partial class GptMini
{
    [Embedding(1000, 256)] private partial Tensor Embed(Tensor ids);
    [Embedding(128, 256)] private partial Tensor Position(Tensor positions);
    [Layer<DecoderLayer>(Repeat = 4)] private partial Tensor Layers(Tensor x);
    [LayerNorm, Linear(1000)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var positions = arange(ids.shape[1], device: ids.device);
        return Head(Layers(Embed(ids) + Position(positions)));
    }

    /// <summary>Next-token cross-entropy of logits [B, T, V] against targets [B, T].</summary>
    public static Tensor LanguageModelLoss(Tensor logits, Tensor targets) => cross_entropy(logits.flatten(0, 1), targets.flatten());
}

/// <summary>GPT-mini written by hand.</summary>
public sealed class GptMiniByHand : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _embed = nn.Embedding(1000, 256);
    private readonly Embedding _position = nn.Embedding(128, 256);
    private readonly ModuleList<EncoderLayerByHand> _layers = nn.ModuleList(Enumerable.Range(0, 4).Select(_ => new EncoderLayerByHand(causal: true)).ToArray());
    private readonly LayerNorm _headNorm = nn.LayerNorm(256);
    private readonly Linear _head = nn.Linear(256, 1000);

    public GptMiniByHand()
        : base(nameof(GptMiniByHand)) => RegisterComponents();

    public override Tensor forward(Tensor ids)
    {
        var x = _embed.forward(ids) + _position.forward(arange(ids.shape[1], device: ids.device));
        foreach (var layer in _layers)
        {
            x = layer.forward(x);
        }

        return _head.forward(_headNorm.forward(x));
    }
}
