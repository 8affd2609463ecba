// A triplet network (Hoffer & Ailon 2015; FaceNet's loss): anchor, positive and negative through one
// embedding MLP, L2-normalised, F.pairwise_distance and F.cosine_similarity, stacked to [B, 3].
// Model: TripletNet
// Calls: B=2 | B=6
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Triplet;

[Input("B, 128", Name = "anchor")]
[Input("B, 128", Name = "positive")]
[Input("B, 128", Name = "negative")]
public partial class TripletNet
{
    [Linear(64), ReLU, Linear(32)] private partial Tensor Embed(Tensor x);

    public override Tensor forward(Tensor anchor, Tensor positive, Tensor negative)
    {
        var a = normalize(Embed(anchor), dim: -1);
        var p = normalize(Embed(positive), dim: -1);
        var n = normalize(Embed(negative), dim: -1);
        var positiveDistance = pairwise_distance(a, p);                        // [B]
        var negativeDistance = pairwise_distance(a, n);                        // [B]
        var similarity = cosine_similarity(a, p, dim: 1);                      // [B]
        return stack(new[] { positiveDistance, negativeDistance, similarity }, dim: 1);  // [B, 3]
    }
}
