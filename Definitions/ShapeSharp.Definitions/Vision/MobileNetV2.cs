using ShapeSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Vision;

// The depthwise convolution is a [Learned] weight run by conv2d(..., groups: channels): Conv2d's
// Groups is a constant int, and a depthwise conv's groups is the block's width, which differs per
// use. Same weight shape and state as nn.Conv2d(hidden, hidden, 3, groups: hidden, bias: false).
// [Learned] takes sizes but not expressions ("C * Expand" is SS0008), so each use gives the
// expanded width itself: Sizes = "Hidden = 4 * 24" (expansion 4 of 24 channels).

/// <summary>
/// MobileNetV2's inverted residual block at stride 1 (Sandler et al. 2018): a 1x1 expansion to
/// Hidden channels (the width times the expansion factor), a 3x3 depthwise convolution, a linear
/// 1x1 projection back, batch norm after each and ReLU6 after the first two, around an identity
/// shortcut. C comes from the input; Hidden is given at each use (<c>Sizes = "Hidden = 4 * 24"</c>).
/// </summary>
[Input("B, C, H, W")]
public partial class InvertedResidual
{
    [Conv2d("Hidden", Kernel = 1, Bias = false), BatchNorm2d, ReLU6] private partial Tensor Expansion(Tensor x);

    // nn.Conv2d's default initialisation for a 3x3 depthwise kernel: U(-1/3, 1/3).
    [Learned("Hidden, 1, 3, 3", Uniform = 1.0 / 3)] private readonly Parameter depthwise;

    [BatchNorm2d, ReLU6] private partial Tensor DepthwiseNorm(Tensor x);
    [Conv2d("C", Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Projection(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = Expansion(x);                                                                 // [B, Hidden, H, W]
        h = DepthwiseNorm(conv2d(h, depthwise, padding: new long[] { 1 }, groups: h.shape[1]));
        return x + Projection(h);                                                             // [B, C, H, W]
    }
}

/// <summary>
/// The inverted residual block that starts a stage: the same three convolutions, the depthwise one
/// at stride 2 and the projection to a new width Out, so no shortcut (In and Out differ, and so do
/// the resolutions). In comes from the input; Hidden and Out are given at each use.
/// </summary>
[Input("B, In, H, W", Sizes = "In")]
public partial class InvertedResidualDown
{
    [Conv2d("Hidden", Kernel = 1, Bias = false), BatchNorm2d, ReLU6] private partial Tensor Expansion(Tensor x);

    [Learned("Hidden, 1, 3, 3", Uniform = 1.0 / 3)] private readonly Parameter depthwise;

    [BatchNorm2d, ReLU6] private partial Tensor DepthwiseNorm(Tensor x);
    [Conv2d("Out", Kernel = 1, Bias = false), BatchNorm2d] private partial Tensor Projection(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = Expansion(x);                                                                 // [B, Hidden, H, W]
        h = DepthwiseNorm(conv2d(h, depthwise, strides: new long[] { 2 }, padding: new long[] { 1 }, groups: h.shape[1]));
        return Projection(h);                                                                 // [B, Out, H / 2, W / 2]
    }
}

/// <summary>
/// A small MobileNetV2 for 32x32 images: a stride-2 3x3 stem (16 channels), two stages of inverted
/// residuals at expansion 4 (24 then 32 channels, each opened by a stride-2 block), a 1x1 conv to
/// 128 features, global average pooling, dropout and a linear classifier.
/// </summary>
[Input("B, 3, 32, 32")]
[Output("B, 10")]
[CrossEntropyLoss, Adam(LearningRate = 1e-3)]
public partial class MobileNetV2
{
    [Conv2d(16, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU6] private partial Tensor Stem(Tensor x);
    [Layer<InvertedResidualDown>(Sizes = "Hidden = 4 * 16, Out = 24")] private partial Tensor Down1(Tensor x);
    [Layer<InvertedResidual>(Sizes = "Hidden = 4 * 24")] private partial Tensor Stage1(Tensor x);
    [Layer<InvertedResidualDown>(Sizes = "Hidden = 4 * 24, Out = 32")] private partial Tensor Down2(Tensor x);
    [Layer<InvertedResidual>(Sizes = "Hidden = 4 * 32", Repeat = 2)] private partial Tensor Stage2(Tensor x);
    [Conv2d(128, Kernel = 1, Bias = false), BatchNorm2d, ReLU6] private partial Tensor Features(Tensor x);
    [AdaptiveAvgPool2d(1), Flatten, Dropout(0.2), Linear(10)] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Stem(x);                                         // [B, 16, 16, 16]
        x = Stage1(Down1(x));                                // [B, 24, 8, 8]
        x = Stage2(Down2(x));                                // [B, 32, 4, 4]
        return Classifier(Features(x));                      // [B, 10]
    }
}
