using TorchSharp;
using static ShapeSharp.HeldScalars;

namespace ShapeSharp.Losses;

/// <summary>
/// Online contrastive loss (sentence-transformers' OnlineContrastiveLoss): contrastive loss over the
/// hard pairs of the batch only. Hard positives are similar pairs farther apart than the closest
/// dissimilar pair; hard negatives are dissimilar pairs closer than the farthest similar pair (when
/// the batch has fewer than two of the other kind, the mean of the own kind is the threshold).
/// Loss: <c>(sum of d^2 over hard positives + sum of relu(margin - d)^2 over hard negatives) / count</c>.
/// </summary>
/// <remarks>
/// sentence-transformers returns the sum; this returns the mean over the selected pairs so the loss
/// scale does not depend on the batch size, like every other loss here. No hard pair gives 0.
/// </remarks>
public sealed class OnlineContrastiveLoss
{
    public OnlineContrastiveLoss(double margin = 0.5, PairDistance distance = PairDistance.Cosine)
    {
        Margin = margin;
        Distance = distance;
    }

    public double Margin { get; }

    public PairDistance Distance { get; }

    /// <param name="labels"><c>[N]</c>: 1 for similar pairs, 0 for dissimilar ones.</param>
    public torch.Tensor forward(torch.Tensor a, torch.Tensor b, torch.Tensor labels)
    {
        PairDistances.CheckPair(a, b, nameof(OnlineContrastiveLoss));
        using var scope = torch.NewDisposeScope();
        var d = PairDistances.Compute(Distance, a, b);
        var positive = labels.to_type(torch.ScalarType.Bool);
        var negatives = d.masked_select(positive.logical_not());
        var positives = d.masked_select(positive);

        // Comparisons carry no gradient: the thresholds only select pairs.
        var negThreshold = positives.numel() > 1 ? positives.max() : negatives.mean();
        var posThreshold = negatives.numel() > 1 ? negatives.min() : positives.mean();

        var hardNegatives = negatives.numel() == 0 ? negatives : negatives.masked_select(negatives.lt(negThreshold));
        var hardPositives = positives.numel() == 0 ? positives : positives.masked_select(positives.gt(posThreshold));
        var count = hardNegatives.numel() + hardPositives.numel();
        if (count == 0)
        {
            return d.sum().mul(Zero).MoveToOuterDisposeScope();
        }

        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var margin = Margin.ToScalar();
        using var pairs = count.ToScalar();
        var sum = hardPositives.pow(Two).sum().add(torch.nn.functional.relu(Minus(margin, hardNegatives)).pow(Two).sum(), One);
        return sum.div(pairs).MoveToOuterDisposeScope();
    }
}
