// DeepFM (Guo et al. 2017): F categorical fields share one embedding table; the FM part uses the
// 0.5 * ((sum e)^2 - sum e^2) trick, a first-order term from a width-1 embedding, and the deep part an
// MLP over the flattened embeddings, whose width 16 * F makes F a model size (Sizes = "F").
// Model: DeepFM
// Sizes: F=5, features=200
// Calls: B=3 | B=7
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.DeepFM;

[Input("B, F", Dtype = DType.Int64, Sizes = "F")]
public partial class DeepFM
{
    [Embedding("features", 16)] private partial Tensor Factors(Tensor ids);
    [Embedding("features", 1)] private partial Tensor Weights(Tensor ids);
    [Linear(64), ReLU, Dropout(0.2), Linear(1)] private partial Tensor Deep(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var e = Factors(x);                                                       // [B, F, 16]
        var squareOfSum = e.sum(1).pow(2);                                        // [B, 16]
        var sumOfSquare = e.pow(2).sum(1);                                        // [B, 16]
        var interaction = 0.5 * (squareOfSum - sumOfSquare).sum(1, keepdim: true); // [B, 1]
        var firstOrder = Weights(x).sum(1);                                       // [B, 1]
        var deep = Deep(e.flatten(1));                                            // [B, 1]
        return (firstOrder + interaction + deep).squeeze(1);                      // [B]
    }
}
