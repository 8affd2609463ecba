using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// GPT-mini by hand (nanoGPT's layout): token and position embeddings, four causal pre-norm layers
/// in an nn.ModuleList, a final LayerNorm, and a bias-free head whose weight IS the token
/// embedding's (GPT-2's weight tying).
/// </summary>
internal sealed class GptMiniReference : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_embed;
    private readonly Embedding position_embed;
    private readonly ModuleList<EncoderLayerReference> layers;
    private readonly LayerNorm final_norm;
    private readonly Linear head;

    public GptMiniReference(long vocab)
        : base(nameof(GptMiniReference))
    {
        token_embed = nn.Embedding(vocab, 256);
        position_embed = nn.Embedding(128, 256);
        layers = nn.ModuleList(
            new EncoderLayerReference(causal: true), new EncoderLayerReference(causal: true),
            new EncoderLayerReference(causal: true), new EncoderLayerReference(causal: true));
        final_norm = nn.LayerNorm(256);
        head = nn.Linear(256, vocab, hasBias: false);
        head.weight = token_embed.weight!;
        RegisterComponents();
    }

    public Parameter HeadWeight => head.weight;

    public Parameter TokenEmbedding => token_embed.weight!;

    public override Tensor forward(Tensor ids)
    {
        var x = token_embed.forward(ids) + position_embed.forward(arange(ids.shape[1], dtype: ScalarType.Int64));
        foreach (var layer in layers)
        {
            x = layer.forward(x);
        }

        return head.forward(final_norm.forward(x));
    }
}
