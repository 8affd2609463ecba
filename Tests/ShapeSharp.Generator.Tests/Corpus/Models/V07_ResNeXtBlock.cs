// A ResNeXt block (Xie et al. 2017): a grouped 3x3 convolution (cardinality 8) between 1x1 convs,
// with an identity shortcut; nn.functional.relu written fully qualified.
// Model: ResNeXtBlock
// Calls: B=2, H=8, W=8 | B=1, H=5, W=11
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.ResNeXtBlock;

[Input("B, 64, H, W")]
public partial class ResNeXtBlock
{
    [Conv2d(128, Kernel = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(128, Kernel = 3, Padding = 1, Groups = 8, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(64, Kernel = 1, Bias = false), BatchNorm2d]
    private partial Tensor Transform(Tensor x);

    public override Tensor forward(Tensor x) => nn.functional.relu(x + Transform(x));
}
