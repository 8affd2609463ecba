using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// The WaveNet stack by hand: the causal input conv, per dilation a fused filter/gate conv and a
/// fused residual/skip 1x1 conv (dilated1.., out1..), and the head, in a loop over the dilations.
/// </summary>
internal sealed class WaveNetReference : nn.Module<Tensor, Tensor>
{
    private const long Channels = 16;
    private static readonly long[] Dilations = { 1, 2, 4, 8 };

    private readonly Conv1d causal;
    private readonly Conv1d dilated1, dilated2, dilated4, dilated8;
    private readonly Conv1d out1, out2, out4, out8;
    private readonly Sequential head;

    public WaveNetReference()
        : base(nameof(WaveNetReference))
    {
        causal = nn.Conv1d(1, Channels, 2);
        (dilated1, dilated2, dilated4, dilated8) = (Dilated(1), Dilated(2), Dilated(4), Dilated(8));
        (out1, out2, out4, out8) = (Output(), Output(), Output(), Output());
        head = nn.Sequential(nn.ReLU(), nn.Conv1d(Channels, Channels, 1), nn.ReLU(), nn.Conv1d(Channels, 1, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = causal.forward(pad(x, new long[] { 1, 0 }));
        var dilatedConvs = new[] { dilated1, dilated2, dilated4, dilated8 };
        var outputConvs = new[] { out1, out2, out4, out8 };
        Tensor? skip = null;
        for (var i = 0; i < Dilations.Length; i++)
        {
            var filterGate = dilatedConvs[i].forward(pad(x, new long[] { Dilations[i], 0 })).chunk(2, dim: 1);
            var residualSkip = outputConvs[i].forward(filterGate[0].tanh() * filterGate[1].sigmoid()).chunk(2, dim: 1);
            x = x + residualSkip[0];
            skip = skip is null ? residualSkip[1] : skip + residualSkip[1];
        }

        return head.forward(skip!);
    }

    private static Conv1d Dilated(long dilation) => nn.Conv1d(Channels, 2 * Channels, 2, dilation: dilation);

    private static Conv1d Output() => nn.Conv1d(Channels, 2 * Channels, 1);
}
