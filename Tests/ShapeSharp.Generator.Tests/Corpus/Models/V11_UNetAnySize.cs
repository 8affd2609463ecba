// The same depth-2 U-Net written for any image size H x W (a multiple of 4, as every U-Net of depth 2
// needs; the calls use multiples of 4), with ConvTranspose2d upsampling: the skip concatenation
// joins [B, 32, 2 * (H / 4), ...] with [B, 32, H / 2, ...], equal for the sizes the model is for.
// Model: UNetAnySize
// Calls: B=2, H=32, W=48 | B=1, H=16, W=64
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.UNetAnySize;

[Input("B, 1, H, W")]
public partial class UNetAnySize
{
    [Conv2d(16, Kernel = 3, Padding = 1), ReLU, Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Enc1(Tensor x);
    [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Enc2(Tensor x);
    [Conv2d(64, Kernel = 3, Padding = 1), ReLU, Conv2d(64, Kernel = 3, Padding = 1), ReLU] private partial Tensor Bottom(Tensor x);
    [ConvTranspose2d(32, Kernel = 2, Stride = 2)] private partial Tensor Up2(Tensor x);
    [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Dec2(Tensor x);
    [ConvTranspose2d(16, Kernel = 2, Stride = 2)] private partial Tensor Up1(Tensor x);
    [Conv2d(16, Kernel = 3, Padding = 1), ReLU, Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Dec1(Tensor x);
    [Conv2d(2, Kernel = 1)] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var e1 = Enc1(x);
        var e2 = Enc2(max_pool2d(e1, 2));
        var b = Bottom(max_pool2d(e2, 2));
        var d2 = Dec2(cat(new[] { Up2(b), e2 }, dim: 1));
        var d1 = Dec1(cat(new[] { Up1(d2), e1 }, dim: 1));
        return Out(d1);
    }
}
