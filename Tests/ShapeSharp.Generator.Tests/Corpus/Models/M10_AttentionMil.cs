// Attention pooling over a padded bag of instance features (attention-based multiple-instance learning
// with a learned query, as in Set Transformer's PMA): a MultiheadAttention block returning
// (output, weights), given a key padding mask [B, N] (true = padding) as its fifth argument and null
// for the attention mask; the query is a [1, 1, 32] table broadcast with expand.
// Model: AttentionMil
// Calls: B=2, N=9 | B=3, N=4
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.AttentionMil;

[Input("B, N, 20", Name = "instances")]
[Input("B, N", Name = "padding", Dtype = DType.Bool)]
public partial class AttentionMil
{
    [Linear(32), ReLU] private partial Tensor Embed(Tensor x);
    [Embedding(1, 32)] private partial Tensor Seed(Tensor ids);
    [MultiheadAttention(4)] private partial (Tensor Output, Tensor Weights) Pool(Tensor query, Tensor key, Tensor value, Tensor? mask, Tensor? keyPadding);
    [Linear(2)] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor instances, Tensor padding)
    {
        var h = Embed(instances);                                                    // [B, N, 32]
        var query = Seed(zeros(1, 1, dtype: ScalarType.Int64)).expand(h.shape[0], -1, -1);  // [B, 1, 32]
        var (pooled, weights) = Pool(query, h, h, null, padding);                    // [B, 1, 32], [B, 1, N]
        return Classifier(pooled.squeeze(1)) + 0 * weights.sum(-1);                  // [B, 2]
    }
}
