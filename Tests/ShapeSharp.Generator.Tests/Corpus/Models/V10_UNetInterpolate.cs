// A U-Net variant for any image size whose decoder upsamples with F.interpolate (bilinear, scale 2)
// and concatenates the skip; the last layer maps to one logit per pixel. Sizes must be even, as in
// every U-Net; the calls use even sizes.
// Model: UNetInterpolate
// Calls: B=2, H=32, W=48 | B=1, H=16, W=16
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Corpus.UNetInterpolate;

[Input("B, 3, H, W")]
public partial class UNetInterpolate
{
    [Conv2d(16, Kernel = 3, Padding = 1), ReLU, Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down(Tensor x);
    [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Middle(Tensor x);
    [Conv2d(16, Kernel = 3, Padding = 1), ReLU, Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Up(Tensor x);
    [Conv2d(1, Kernel = 1)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var skip = Down(x);
        var m = Middle(F.max_pool2d(skip, kernel_size: 2, stride: 2));
        var upsampled = F.interpolate(m, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Bilinear, align_corners: false);
        return Head(Up(torch.cat(new[] { upsampled, skip }, 1)));
    }
}
