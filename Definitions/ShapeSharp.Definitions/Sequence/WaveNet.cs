using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Sequence;

/// <summary>
/// A WaveNet-style stack (van den Oord et al. 2016) that predicts each next sample of a signal
/// [B, 1, T]: a causal input convolution, four dilated causal layers (dilations 1, 2, 4, 8, a
/// receptive field of 17 samples), each a gated activation tanh(filter) * sigmoid(gate) whose 1x1
/// output splits into a residual (added to the layer's input) and a skip (summed over layers), and
/// a 1x1 head on the skips. Causal: output t sees inputs up to t only (left padding, no look-ahead).
/// </summary>
[Input("B, 1, T")]
[Output("B, 1, T")]
[MSELoss, Adam(LearningRate = 1e-3)]
public partial class WaveNet
{
    private const int Channels = 16;

    [Conv1d(Channels, Kernel = 2)] private partial Tensor Causal(Tensor x);

    // Filter and gate as one convolution of 2 x Channels outputs (chunked in Gated), as most
    // WaveNet implementations do; one per dilation, since a dilation is a constant of its layer.
    [Conv1d(2 * Channels, Kernel = 2, Dilation = 1)] private partial Tensor Dilated1(Tensor x);
    [Conv1d(2 * Channels, Kernel = 2, Dilation = 2)] private partial Tensor Dilated2(Tensor x);
    [Conv1d(2 * Channels, Kernel = 2, Dilation = 4)] private partial Tensor Dilated4(Tensor x);
    [Conv1d(2 * Channels, Kernel = 2, Dilation = 8)] private partial Tensor Dilated8(Tensor x);

    // Residual and skip outputs as one 1x1 convolution, likewise.
    [Conv1d(2 * Channels, Kernel = 1)] private partial Tensor Out1(Tensor x);
    [Conv1d(2 * Channels, Kernel = 1)] private partial Tensor Out2(Tensor x);
    [Conv1d(2 * Channels, Kernel = 1)] private partial Tensor Out4(Tensor x);
    [Conv1d(2 * Channels, Kernel = 1)] private partial Tensor Out8(Tensor x);

    [ReLU, Conv1d(Channels, Kernel = 1), ReLU, Conv1d(1, Kernel = 1)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Causal(pad(x, new long[] { 1, 0 }));                       // [B, 16, T]
        var layer = Out1(Gated(Dilated1(pad(x, new long[] { 1, 0 })))).chunk(2, dim: 1);
        x = x + layer[0];
        var skip = layer[1];                                           // [B, 16, T]
        layer = Out2(Gated(Dilated2(pad(x, new long[] { 2, 0 })))).chunk(2, dim: 1);
        x = x + layer[0];
        skip = skip + layer[1];
        layer = Out4(Gated(Dilated4(pad(x, new long[] { 4, 0 })))).chunk(2, dim: 1);
        x = x + layer[0];
        skip = skip + layer[1];
        layer = Out8(Gated(Dilated8(pad(x, new long[] { 8, 0 })))).chunk(2, dim: 1);
        skip = skip + layer[1];                                        // the last layer's residual goes unused
        return Head(skip);                                             // [B, 1, T]
    }

    /// <summary>WaveNet's gated activation unit: tanh of the filter half times sigmoid of the gate half.</summary>
    private static Tensor Gated(Tensor t)
    {
        var halves = t.chunk(2, dim: 1);
        return halves[0].tanh() * halves[1].sigmoid();
    }
}
