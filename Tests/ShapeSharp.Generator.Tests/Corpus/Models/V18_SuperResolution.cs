// ESPCN super-resolution (Shi et al. 2016), PyTorch's super_resolution example: three convs then
// F.pixel_shuffle(x, 3) turning [B, 9, H, W] into [B, 1, 3H, 3W].
// Model: Espcn
// Calls: B=2, H=16, W=16 | B=1, H=10, W=7
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.SuperResolution;

[Input("B, 1, H, W")]
public partial class Espcn
{
    [Conv2d(64, Kernel = 5, Padding = 2), Tanh, Conv2d(32, Kernel = 3, Padding = 1), Tanh] private partial Tensor Features(Tensor x);
    [Conv2d(9, Kernel = 3, Padding = 1)] private partial Tensor SubPixel(Tensor x);

    public override Tensor forward(Tensor x) => torch.sigmoid(pixel_shuffle(SubPixel(Features(x)), 3));
}
