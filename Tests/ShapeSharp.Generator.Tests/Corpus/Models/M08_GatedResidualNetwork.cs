// The Temporal Fusion Transformer's gated residual network (Lim et al. 2019) over [B, T, 16] with a
// static context [B, 8]: ELU(W2 a + W3 c) with the context broadcast over time (unsqueeze(1)), a
// linear layer, a GLU (F.glu on the last dim), residual add and LayerNorm.
// Model: GatedResidualNetwork
// Calls: B=2, T=6 | B=3, T=12
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.GatedResidualNetwork;

[Input("B, T, 16", Name = "a")]
[Input("B, 8", Name = "context")]
public partial class GatedResidualNetwork
{
    [Linear(32)] private partial Tensor W2(Tensor a);
    [Linear(32, Bias = false)] private partial Tensor W3(Tensor c);
    [Linear(32)] private partial Tensor W1(Tensor eta);
    [Linear(32)] private partial Tensor GluInput(Tensor x);
    [LayerNorm] private partial Tensor Norm(Tensor x);

    public override Tensor forward(Tensor a, Tensor context)
    {
        var eta2 = elu(W2(a) + W3(context).unsqueeze(1), 1.0);              // [B, T, 32]
        var eta1 = W1(eta2);                                                // [B, T, 32]
        var gated = glu(GluInput(eta1), dim: -1);                           // [B, T, 16]
        return Norm(a + gated);                                             // [B, T, 16]
    }
}
