// Sub-models two levels deep, as torchvision builds them from small nn.Sequential helpers: a
// sequential ConvBnReLU model used as a layer inside a residual Stage model, which is used (with
// Repeat) inside the network; the widths of the inner ones bound from where they are used. Stage
// passes its width C on to ConvBnReLU's size, so C is declared a size of Stage (Sizes = "C").
// Model: NestedNet
// Calls: B=2, H=16, W=16 | B=3, H=10, W=14
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.NestedSubModels;

[Input("B, C, H, W")]
[Conv2d("C", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
public partial class ConvBnReLU;

[Input("B, C, H, W", Sizes = "C")]
public partial class Stage
{
    [Layer<ConvBnReLU>(Repeat = 2)] private partial Tensor Body(Tensor x);

    public override Tensor forward(Tensor x) => x + Body(x);
}

[Input("B, 3, H, W")]
public partial class NestedNet
{
    [Conv2d(24, Kernel = 3, Padding = 1)] private partial Tensor Stem(Tensor x);
    [Layer<Stage>(Repeat = 2)] private partial Tensor Stages(Tensor x);
    [AdaptiveAvgPool2d(1), Flatten, Linear(7)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x) => Head(Stages(Stem(x)));
}
