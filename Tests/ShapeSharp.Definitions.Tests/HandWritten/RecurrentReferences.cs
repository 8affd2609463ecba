using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// The BiLSTM classifier by hand: embedding, a two-layer bidirectional LSTM, and a head on the top
/// layer's final states (h_n viewed as [layers, directions, B, hidden], as the PyTorch docs say).
/// </summary>
internal sealed class BiLstmClassifierReference : nn.Module<Tensor, Tensor>
{
    private const long Width = 128;

    private readonly Embedding embed;
    private readonly LSTM encode;
    private readonly Sequential head;

    public BiLstmClassifierReference(long vocab, long classes)
        : base(nameof(BiLstmClassifierReference))
    {
        embed = nn.Embedding(vocab, Width, padding_idx: 0);
        encode = nn.LSTM(Width, Width, numLayers: 2, batchFirst: true, dropout: 0.2, bidirectional: true);
        head = nn.Sequential(nn.Dropout(0.3), nn.Linear(2 * Width, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids)
    {
        var (_, hidden, _) = encode.forward(embed.forward(ids));
        var top = hidden.view(2, 2, ids.shape[0], Width)[1];  // [directions, B, hidden] of the last layer
        return head.forward(cat(new[] { top[0], top[1] }, dim: 1));
    }
}

/// <summary>The LSTM regressor by hand: a two-layer LSTM over the window, a head on its last step.</summary>
internal sealed class LstmRegressorReference : nn.Module<Tensor, Tensor>
{
    private readonly LSTM encode;
    private readonly Sequential head;

    public LstmRegressorReference()
        : base(nameof(LstmRegressorReference))
    {
        encode = nn.LSTM(5, 64, numLayers: 2, batchFirst: true, dropout: 0.1);
        head = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (output, _, _) = encode.forward(x);
        return head.forward(output.select(1, -1));
    }
}
