using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Vision;

/// <summary>
/// ResNet's basic block at constant width: two 3x3 convolutions with batch norm around an identity
/// shortcut. Its width C is read from the input where it is used (<c>new BasicBlock(c: 64)</c>).
/// </summary>
[Input("B, C, H, W")]
public partial class BasicBlock
{
    [Conv2d("C", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d("C", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Body(Tensor x);

    public override Tensor forward(Tensor x) => relu(x + Body(x));
}

/// <summary>
/// A CIFAR-10 ResNet (He et al. 2015, section 4.2 layout at widths 32/64/128): a 3x3 stem, three
/// stages of basic blocks, stride-2 downsampling with a projected (1x1) shortcut, global average
/// pooling and a linear head.
/// </summary>
[Input("B, 3, 32, 32")]
[CrossEntropyLoss, SGD(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 5e-4, Nesterov = true)]
public partial class ResNet
{
    [Conv2d(32, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    private partial Tensor Stem(Tensor x);

    [Layer<BasicBlock>(Repeat = 2)] private partial Tensor Stage1(Tensor x);

    [Conv2d(64, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(64, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Down2(Tensor x);

    [Conv2d(64, Kernel = 1, Stride = 2, Bias = false), BatchNorm2d] private partial Tensor Shortcut2(Tensor x);

    [Layer<BasicBlock>] private partial Tensor Stage2(Tensor x);

    [Conv2d(128, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
    [Conv2d(128, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
    private partial Tensor Down3(Tensor x);

    [Conv2d(128, Kernel = 1, Stride = 2, Bias = false), BatchNorm2d] private partial Tensor Shortcut3(Tensor x);

    [Layer<BasicBlock>] private partial Tensor Stage3(Tensor x);

    [AdaptiveAvgPool2d(1), Flatten, Linear(10)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Stage1(Stem(x));                      // [B, 32, 32, 32]
        x = Stage2(relu(Down2(x) + Shortcut2(x)));  // [B, 64, 16, 16]
        x = Stage3(relu(Down3(x) + Shortcut3(x)));  // [B, 128, 8, 8]
        return Head(x);
    }
}
