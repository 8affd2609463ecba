// A residual block with squeeze-and-excitation (Hu et al. 2018): global average pool to [B, C],
// a bottleneck MLP ending in a sigmoid, the gate reshaped to [B, C, 1, 1] and multiplied in.
// Model: SeResBlock
// Calls: B=2, H=8, W=8 | B=3, H=6, W=10
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.SqueezeExcite;

[Input("B, 64, H, W")]
public partial class SeResBlock
{
    [Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Body(Tensor x);

    [Linear(16), ReLU, Linear(64), Sigmoid] private partial Tensor Excite(Tensor s);

    public override Tensor forward(Tensor x)
    {
        var y = Body(x);
        var (b, c) = (y.shape[0], y.shape[1]);
        var s = adaptive_avg_pool2d(y, 1).view(b, c);    // squeeze: [B, 64]
        var w = Excite(s).view(b, c, 1, 1);               // excitation: [B, 64, 1, 1]
        return relu(x + y * w);
    }
}
