// EfficientNet's MBConv (Tan & Le 2019): 1x1 expansion with SiLU, a 5x5 depthwise conv, squeeze-and-
// excitation as 1x1 convs on x.mean([2, 3], keepdim: true), hardswish/sigmoid gating, a 1x1 projection
// and the residual; using static F forms throughout.
// Model: MBConv
// Calls: B=2, H=12, W=12 | B=3, H=7, W=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.MBConv;

[Input("B, 24, H, W")]
public partial class MBConv
{
    [Conv2d(96, Kernel = 1, Bias = false), BatchNorm2d, SiLU] private partial Tensor Expand(Tensor x);
    [Conv2d(96, Kernel = 5, Padding = 2, Groups = 96, Bias = false), BatchNorm2d, SiLU] private partial Tensor Depthwise(Tensor x);
    [Conv2d(6, Kernel = 1)] private partial Tensor SeReduce(Tensor x);
    [Conv2d(96, Kernel = 1)] private partial Tensor SeExpand(Tensor x);
    [Conv2d(24, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Project(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = Depthwise(Expand(x));                                       // [B, 96, H, W]
        var s = h.mean([2, 3], keepdim: true);                              // [B, 96, 1, 1]
        s = torch.sigmoid(SeExpand(hardswish(SeReduce(s))));
        return x + Project(h * s);                                          // [B, 24, H, W]
    }
}
