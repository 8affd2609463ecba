// A two-tower retrieval model (YouTube DNN / in-batch softmax): the user tower reads dense features and
// the mean of the embedded watch history [B, L]; the item tower reads item ids; both L2-normalised;
// in-batch logits u @ v.T / temperature give [B, B].
// Model: TwoTower
// Sizes: numItems=50
// Calls: B=3, L=5 | B=6, L=2
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.TwoTower;

[Input("B, 24", Name = "userFeatures")]
[Input("B, L", Name = "history", Dtype = DType.Int64)]
[Input("B", Name = "items", Dtype = DType.Int64)]
public partial class TwoTower
{
    [Embedding("numItems", 32)] private partial Tensor HistoryEmbed(Tensor ids);
    [Embedding("numItems", 32)] private partial Tensor ItemEmbed(Tensor ids);
    [Linear(64), ReLU, Linear(32)] private partial Tensor UserTower(Tensor x);
    [Linear(64), ReLU, Linear(32)] private partial Tensor ItemTower(Tensor x);

    public override Tensor forward(Tensor userFeatures, Tensor history, Tensor items)
    {
        var watched = HistoryEmbed(history).mean([1]);                                  // [B, 32]
        var u = normalize(UserTower(cat(new[] { userFeatures, watched }, 1)), dim: -1);  // [B, 32]
        var v = normalize(ItemTower(ItemEmbed(items)), dim: -1);                        // [B, 32]
        return u.matmul(v.T) / 0.05;                                                    // [B, B]
    }
}
