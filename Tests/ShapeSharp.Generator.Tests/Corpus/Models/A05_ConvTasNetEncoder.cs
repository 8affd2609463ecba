// A Conv-TasNet-style separator (Luo & Mesgarani 2019), small: a learned strided Conv1d encoder, a
// depthwise (Groups = channels) dilated conv block with PReLU-free ReLU and a residual, a 1x1 mask
// conv producing two sources (view(b, 2, 64, -1)) through sigmoid, masks times the encoded mixture.
// Model: Separator
// Calls: B=2, T=160 | B=1, T=88
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.ConvTasNetEncoder;

[Input("B, 1, T")]
public partial class Separator
{
    [Conv1d(64, Kernel = 16, Stride = 8, Bias = false), ReLU] private partial Tensor Encoder(Tensor x);
    [Conv1d(128, Kernel = 1), ReLU] private partial Tensor Expand(Tensor x);
    [Conv1d(128, Kernel = 3, Padding = 2, Dilation = 2, Groups = 128), ReLU] private partial Tensor Depthwise(Tensor x);
    [Conv1d(64, Kernel = 1)] private partial Tensor Project(Tensor x);
    [Conv1d(128, Kernel = 1)] private partial Tensor Masks(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var w = Encoder(x);                                         // [B, 64, (T - 16) / 8 + 1]
        var h = w + Project(Depthwise(Expand(w)));                  // residual
        var b = w.shape[0];
        var masks = Masks(h).view(b, 2, 64, -1).sigmoid();          // [B, 2, 64, frames]
        return masks * w.unsqueeze(1);                              // [B, 2, 64, frames]
    }
}
