// MobileNetV2 (Sandler et al. 2018) inverted residuals: 1x1 expand, 3x3 depthwise, linear 1x1 project,
// a residual when the stride is 1; ReLU6 written as F.relu6 and as F.hardtanh(x, 0, 6), as users do.
// Model: MobileNetV2Tiny
// Calls: B=2, H=32, W=32 | B=3, H=24, W=40
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.MobileNetV2;

[Input("B, 3, H, W")]
public partial class MobileNetV2Tiny
{
    [Conv2d(16, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d] private partial Tensor Stem(Tensor x);

    [Conv2d(96, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Expand1(Tensor x);
    [Conv2d(96, Kernel = 3, Stride = 2, Padding = 1, Groups = 96, Bias = false), BatchNorm2d] private partial Tensor Depthwise1(Tensor x);
    [Conv2d(24, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Project1(Tensor x);

    [Conv2d(144, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Expand2(Tensor x);
    [Conv2d(144, Kernel = 3, Padding = 1, Groups = 144, Bias = false), BatchNorm2d] private partial Tensor Depthwise2(Tensor x);
    [Conv2d(24, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Project2(Tensor x);

    [Conv2d(320, Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Last(Tensor x);
    [Dropout(0.2), Linear(10)] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = relu6(Stem(x));
        x = Project1(relu6(Depthwise1(relu6(Expand1(x)))));                          // stride 2, no residual
        x = x + Project2(hardtanh(Depthwise2(hardtanh(Expand2(x), 0, 6)), 0, 6));    // stride 1, residual
        x = relu6(Last(x));
        x = x.mean([2, 3]);
        return Classifier(x);
    }
}
