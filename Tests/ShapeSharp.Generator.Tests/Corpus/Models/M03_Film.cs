// FiLM conditioning (Perez et al. 2018): a conditioning vector to per-channel gamma and beta
// (one Linear, chunk(2, -1)), broadcast over the feature map as gamma[..., None, None] (TensorIndex)
// and beta.unsqueeze(-1).unsqueeze(-1), then a residual conv block.
// Model: FilmBlock
// Calls: B=2, H=6, W=6 | B=3, H=4, W=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Film;

[Input("B, 16, H, W", Name = "features")]
[Input("B, 8", Name = "condition")]
public partial class FilmBlock
{
    [Linear(32)] private partial Tensor Film(Tensor c);
    [Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d(Affine = false)] private partial Tensor Conv(Tensor x);

    public override Tensor forward(Tensor features, Tensor condition)
    {
        var parameters = Film(condition).chunk(2, -1);                            // 2 x [B, 16]
        var gamma = parameters[0][TensorIndex.Ellipsis, TensorIndex.None, TensorIndex.None];   // [B, 16, 1, 1]
        var beta = parameters[1].unsqueeze(-1).unsqueeze(-1);                      // [B, 16, 1, 1]
        var h = Conv(features);
        return features + relu(gamma * h + beta);                                  // [B, 16, H, W]
    }
}
