// A DenseNet block (Huang et al. 2017): each layer sees the concatenation of all earlier feature maps
// (a List<Tensor> that grows, torch.cat of it), then a transition (BN, 1x1 conv, 2x2 average pool).
// Model: DenseBlock
// Calls: B=2, H=8, W=8 | B=3, H=12, W=6
using System.Collections.Generic;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.DenseNet;

[Input("B, 32, H, W")]
public partial class DenseBlock
{
    [BatchNorm2d, ReLU, Conv2d(16, Kernel = 3, Padding = 1, Bias = false)] private partial Tensor Layer1(Tensor x);
    [BatchNorm2d, ReLU, Conv2d(16, Kernel = 3, Padding = 1, Bias = false)] private partial Tensor Layer2(Tensor x);
    [BatchNorm2d, ReLU, Conv2d(16, Kernel = 3, Padding = 1, Bias = false)] private partial Tensor Layer3(Tensor x);
    [BatchNorm2d, ReLU, Conv2d(40, Kernel = 1, Bias = false), AvgPool2d(2)] private partial Tensor Transition(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var features = new List<Tensor> { x };
        features.Add(Layer1(cat(features, 1)));
        features.Add(Layer2(cat(features, 1)));
        features.Add(Layer3(cat(features, 1)));
        return Transition(cat(features, 1));                        // [B, 40, H / 2, W / 2]
    }
}
