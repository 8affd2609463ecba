// U-Net (Ronneberger et al. 2015) at depth 2 on 64x64 images: double 3x3 convs, F.max_pool2d down,
// ConvTranspose2d up, skip connections concatenated on the channel dim, a 1x1 conv to the classes.
// Model: UNet
// Sizes: classes=3
// Calls: B=2 | B=1
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.UNet;

[Input("B, 1, 64, 64")]
public partial class UNet
{
    [Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
    private partial Tensor Enc1(Tensor x);

    [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
    private partial Tensor Enc2(Tensor x);

    [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
    private partial Tensor Bottleneck(Tensor x);

    [ConvTranspose2d(32, Kernel = 2, Stride = 2)] private partial Tensor Up2(Tensor x);

    [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
    private partial Tensor Dec2(Tensor x);

    [ConvTranspose2d(16, Kernel = 2, Stride = 2)] private partial Tensor Up1(Tensor x);

    [Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
    private partial Tensor Dec1(Tensor x);

    [Conv2d("classes", Kernel = 1)] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var e1 = Enc1(x);                                       // [B, 16, 64, 64]
        var e2 = Enc2(max_pool2d(e1, 2));                       // [B, 32, 32, 32]
        var b = Bottleneck(max_pool2d(e2, 2));                  // [B, 64, 16, 16]
        var d2 = Dec2(cat(new[] { Up2(b), e2 }, dim: 1));       // [B, 32, 32, 32]
        var d1 = Dec1(cat(new[] { Up1(d2), e1 }, dim: 1));      // [B, 16, 64, 64]
        return Out(d1);                                         // [B, classes, 64, 64]
    }
}
