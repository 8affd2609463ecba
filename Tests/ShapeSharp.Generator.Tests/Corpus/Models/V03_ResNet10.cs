// A small ResNet (He et al. 2015): ImageNet-style stem (7x7/2 conv, 3x3/2 max pool), a BasicBlock
// sub-model repeated, a strided stage with a projected shortcut, then F.adaptive_avg_pool2d and
// torch.flatten(x, 1) as torchvision writes its forward. Any image size.
// Model: ResNet10
// Calls: B=2, H=64, W=64 | B=1, H=48, W=80
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.ResNet10;

[Input("B, C, H, W")]
public partial class BasicBlock
{
    [Conv2d("C", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d("C", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Residual(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var identity = x;
        var @out = Residual(x);
        @out += identity;
        return relu(@out);
    }
}

[Input("B, 3, H, W")]
public partial class ResNet10
{
    [Conv2d(64, Kernel = 7, Stride = 2, Padding = 3, Bias = false), BatchNorm2d, ReLU, MaxPool2d(3, Stride = 2, Padding = 1)]
    private partial Tensor Stem(Tensor x);

    [Layer<BasicBlock>(Repeat = 2)] private partial Tensor Layer1(Tensor x);

    [Conv2d(128, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(128, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Layer2Down(Tensor x);

    [Conv2d(128, Kernel = 1, Stride = 2, Bias = false), BatchNorm2d] private partial Tensor Downsample(Tensor x);

    [Layer<BasicBlock>] private partial Tensor Layer2(Tensor x);

    [Linear(10)] private partial Tensor Fc(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Stem(x);
        x = Layer1(x);
        x = relu(Layer2Down(x) + Downsample(x));
        x = Layer2(x);
        x = adaptive_avg_pool2d(x, 1);
        x = torch.flatten(x, 1);
        return Fc(x);
    }
}
