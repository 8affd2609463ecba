// A temporal convolutional network (Bai et al. 2018): residual blocks of dilated causal Conv1d, the
// causal padding done with F.pad(x, [left, 0]), a 1x1 downsample on the first residual, and the last
// time step x[:, :, -1] to a regression head.
// Model: Tcn
// Calls: B=2, T=30 | B=3, T=11
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Tcn;

[Input("B, 4, T")]
public partial class Tcn
{
    [Conv1d(32, Kernel = 3)] private partial Tensor Conv1a(Tensor x);
    [Conv1d(32, Kernel = 3)] private partial Tensor Conv1b(Tensor x);
    [Conv1d(32, Kernel = 1)] private partial Tensor Downsample(Tensor x);
    [Conv1d(32, Kernel = 3, Dilation = 2)] private partial Tensor Conv2a(Tensor x);
    [Conv1d(32, Kernel = 3, Dilation = 2)] private partial Tensor Conv2b(Tensor x);
    [Linear(1)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = relu(Conv1a(pad(x, new long[] { 2, 0 })));
        h = relu(Conv1b(pad(h, new long[] { 2, 0 })));
        var y = relu(h + Downsample(x));                            // [B, 32, T]
        h = relu(Conv2a(pad(y, new long[] { 4, 0 })));
        h = relu(Conv2b(pad(h, new long[] { 4, 0 })));
        y = relu(h + y);                                            // [B, 32, T]
        return Head(y[.., .., -1]);                                 // [B, 1]
    }
}
