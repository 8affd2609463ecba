// A WaveNet stack (van den Oord et al. 2016): dilated causal convs (left padding with F.pad) whose
// output is split in two with chunk(2, dim: 1) for the gated activation tanh(a) * sigmoid(b), 1x1
// residual and skip convs, the skips collected in a List<Tensor> and summed with stack(...).sum(0),
// then ReLU, 1x1, ReLU, 1x1 to 256 quantised levels.
// Model: WaveNet
// Calls: B=2, T=40 | B=1, T=17
using System.Collections.Generic;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.WaveNet;

[Input("B, 1, T")]
public partial class WaveNet
{
    [Conv1d(32, Kernel = 1)] private partial Tensor Causal(Tensor x);
    [Conv1d(64, Kernel = 2, Dilation = 1)] private partial Tensor Dilated1(Tensor x);
    [Conv1d(64, Kernel = 2, Dilation = 2)] private partial Tensor Dilated2(Tensor x);
    [Conv1d(64, Kernel = 2, Dilation = 4)] private partial Tensor Dilated4(Tensor x);
    [Conv1d(32, Kernel = 1)] private partial Tensor Residual1(Tensor x);
    [Conv1d(32, Kernel = 1)] private partial Tensor Residual2(Tensor x);
    [Conv1d(32, Kernel = 1)] private partial Tensor Residual4(Tensor x);
    [Conv1d(48, Kernel = 1)] private partial Tensor Skip1(Tensor x);
    [Conv1d(48, Kernel = 1)] private partial Tensor Skip2(Tensor x);
    [Conv1d(48, Kernel = 1)] private partial Tensor Skip4(Tensor x);
    [ReLU, Conv1d(48, Kernel = 1), ReLU, Conv1d(256, Kernel = 1)] private partial Tensor Output(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = Causal(x);                                          // [B, 32, T]
        var skips = new List<Tensor>();

        var g = Gate(Dilated1(pad(h, new long[] { 1, 0 })));       // [B, 32, T]
        skips.Add(Skip1(g));
        h = h + Residual1(g);

        g = Gate(Dilated2(pad(h, new long[] { 2, 0 })));
        skips.Add(Skip2(g));
        h = h + Residual2(g);

        g = Gate(Dilated4(pad(h, new long[] { 4, 0 })));
        skips.Add(Skip4(g));
        h = h + Residual4(g);

        return Output(stack(skips).sum(dim: 0));                         // [B, 256, T]
    }

    private static Tensor Gate(Tensor z)
    {
        var parts = z.chunk(2, dim: 1);
        return tanh(parts[0]) * torch.sigmoid(parts[1]);
    }
}
