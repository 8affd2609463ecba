// A siamese network (Koch et al. 2015): one shared convolutional embedding block called on both
// images, the absolute difference of the embeddings to one score, squeezed to [B].
// Model: SiameseNet
// Calls: B=2 | B=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Siamese;

[Input("B, 1, 28, 28", Name = "left")]
[Input("B, 1, 28, 28", Name = "right")]
public partial class SiameseNet
{
    [Conv2d(32, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(64, Kernel = 5), ReLU, MaxPool2d(2), Flatten, Linear(128), Sigmoid]
    private partial Tensor Embed(Tensor x);

    [Linear(1)] private partial Tensor Score(Tensor x);

    public override Tensor forward(Tensor left, Tensor right)
    {
        var a = Embed(left);
        var b = Embed(right);
        return Score((a - b).abs()).squeeze(-1);
    }
}
