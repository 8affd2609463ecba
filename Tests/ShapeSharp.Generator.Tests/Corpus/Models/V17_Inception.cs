// A GoogLeNet inception module (Szegedy et al. 2014): 1x1, 3x3 and 5x5 branches and a 3x3 max-pool
// branch with a 1x1 projection, concatenated on channels (a List<Tensor> to torch.cat).
// Model: InceptionBlock
// Calls: B=2, H=14, W=14 | B=1, H=7, W=9
using System.Collections.Generic;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Inception;

[Input("B, 192, H, W")]
public partial class InceptionBlock
{
    [Conv2d(64, Kernel = 1), ReLU] private partial Tensor Branch1(Tensor x);
    [Conv2d(96, Kernel = 1), ReLU, Conv2d(128, Kernel = 3, Padding = 1), ReLU] private partial Tensor Branch3(Tensor x);
    [Conv2d(16, Kernel = 1), ReLU, Conv2d(32, Kernel = 5, Padding = 2), ReLU] private partial Tensor Branch5(Tensor x);
    [Conv2d(32, Kernel = 1), ReLU] private partial Tensor PoolProjection(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var pooled = max_pool2d(x, kernel_size: 3, stride: 1, padding: 1);
        var branches = new List<Tensor> { Branch1(x), Branch3(x), Branch5(x), PoolProjection(pooled) };
        return torch.cat(branches, 1);                             // [B, 256, H, W]
    }
}
