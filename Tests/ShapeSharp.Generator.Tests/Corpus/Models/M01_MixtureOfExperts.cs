// A top-2 mixture of experts (Shazeer et al. 2017): gate logits, topk(2) values and indices (a
// deconstructed tuple), a -inf tensor with scatter(-1, indices, values) for the sparse softmax, the
// experts' outputs stacked to [B, 4, 32] and combined with einsum("be,bed->bd").
// Model: MixtureOfExperts
// Calls: B=3 | B=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.MixtureOfExperts;

[Input("B, 32")]
public partial class MixtureOfExperts
{
    [Linear(4)] private partial Tensor Gate(Tensor x);
    [Linear(64), GELU, Linear(32)] private partial Tensor Expert0(Tensor x);
    [Linear(64), GELU, Linear(32)] private partial Tensor Expert1(Tensor x);
    [Linear(64), GELU, Linear(32)] private partial Tensor Expert2(Tensor x);
    [Linear(64), GELU, Linear(32)] private partial Tensor Expert3(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var logits = Gate(x);                                                   // [B, 4]
        var (values, indices) = logits.topk(2, dim: -1);                        // [B, 2] each
        var sparse = full_like(logits, double.NegativeInfinity).scatter(-1, indices, values);
        var weights = softmax(sparse, dim: -1);                                 // [B, 4]
        var outputs = stack(new[] { Expert0(x), Expert1(x), Expert2(x), Expert3(x) }, dim: 1);  // [B, 4, 32]
        return einsum("be,bed->bd", weights, outputs);                          // [B, 32]
    }
}
