// Neural collaborative filtering, NeuMF (He et al. 2017): GMF (the elementwise product of user and
// item embeddings) beside an MLP over their concatenation, joined and projected to one logit per pair,
// squeezed to [B].
// Model: NeuMF
// Sizes: numUsers=20, numItems=30
// Calls: B=3 | B=8
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.NeuMF;

[Input("B", Name = "users", Dtype = DType.Int64)]
[Input("B", Name = "items", Dtype = DType.Int64)]
[BCEWithLogitsLoss]
public partial class NeuMF
{
    [Embedding("numUsers", 16)] private partial Tensor GmfUser(Tensor ids);
    [Embedding("numItems", 16)] private partial Tensor GmfItem(Tensor ids);
    [Embedding("numUsers", 32)] private partial Tensor MlpUser(Tensor ids);
    [Embedding("numItems", 32)] private partial Tensor MlpItem(Tensor ids);
    [Linear(32), ReLU, Linear(16), ReLU, Linear(8), ReLU] private partial Tensor Mlp(Tensor x);
    [Linear(1)] private partial Tensor Predict(Tensor x);

    public override Tensor forward(Tensor users, Tensor items)
    {
        var gmf = GmfUser(users) * GmfItem(items);                                  // [B, 16]
        var mlp = Mlp(cat(new[] { MlpUser(users), MlpItem(items) }, dim: -1));      // [B, 8]
        return Predict(cat(new[] { gmf, mlp }, dim: -1)).squeeze(-1);               // [B]
    }
}
