// Deep Sets (Zaheer et al. 2017): a per-element network phi on [B, N, 3], a permutation-invariant sum
// over the set (sum(dim: 1)), and rho on the pooled vector. Any set size.
// Model: DeepSets
// Calls: B=2, N=10 | B=4, N=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.DeepSets;

[Input("B, N, 3")]
public partial class DeepSets
{
    [Linear(64), ReLU, Linear(64), ReLU] private partial Tensor Phi(Tensor x);
    [Linear(32), ReLU, Linear(1)] private partial Tensor Rho(Tensor x);

    public override Tensor forward(Tensor points) => Rho(Phi(points).sum(dim: 1));  // [B, 1]
}
