// ResNet-50's bottleneck block (1x1 reduce, 3x3, 1x1 expand, identity shortcut) as a sub-model whose
// inner width is a size of its own ("Width"), left to the caller's constructor; stacked with Repeat.
// Model: BottleneckNet
// Sizes: Width=16
// Calls: B=2, H=16, W=16 | B=3, H=9, W=12
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Bottleneck;

[Input("B, C, H, W")]
public partial class Bottleneck
{
    [Conv2d("Width", Kernel = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d("Width", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d("C", Kernel = 1, Bias = false), BatchNorm2d]
    private partial Tensor Body(Tensor x);

    public override Tensor forward(Tensor x) => relu(Body(x) + x);
}

[Input("B, 3, H, W")]
public partial class BottleneckNet
{
    [Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU] private partial Tensor Stem(Tensor x);
    [Layer<Bottleneck>(Repeat = 3)] private partial Tensor Stage(Tensor x);
    [Linear(5)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var features = Stage(Stem(x));             // [B, 64, H, W]
        return Head(features.mean([2, 3]));        // global average pool, [B, 5]
    }
}
