// DLRM (Naumov et al. 2019), small: a bottom MLP on dense features, one embedding per sparse field, the
// pairwise dot products of all vectors by bmm(T, T.transpose(1, 2)) and the strict lower triangle
// taken with tril_indices-free masking (flatten of the [B, 4, 4] matrix), a top MLP.
// Model: Dlrm
// Calls: B=2 | B=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Dlrm;

[Input("B, 13", Name = "dense")]
[Input("B, 3", Name = "sparse", Dtype = DType.Int64)]
public partial class Dlrm
{
    [Linear(32), ReLU, Linear(16), ReLU] private partial Tensor Bottom(Tensor x);
    [Embedding(100, 16)] private partial Tensor Table0(Tensor ids);
    [Embedding(50, 16)] private partial Tensor Table1(Tensor ids);
    [Embedding(20, 16)] private partial Tensor Table2(Tensor ids);
    [Linear(32), ReLU, Linear(1)] private partial Tensor Top(Tensor x);

    public override Tensor forward(Tensor dense, Tensor sparse)
    {
        var d = Bottom(dense);                                                     // [B, 16]
        var vectors = stack(new[] { d, Table0(sparse[.., 0]), Table1(sparse[.., 1]), Table2(sparse[.., 2]) }, dim: 1);  // [B, 4, 16]
        var interactions = bmm(vectors, vectors.transpose(1, 2));                  // [B, 4, 4]
        var lower = ones(4, 4).tril(-1).to_type(ScalarType.Bool).flatten();       // [16]
        var pairs = interactions.flatten(1) * lower;                              // [B, 16]
        return Top(cat(new[] { d, pairs }, dim: 1));                               // [B, 1]
    }
}
