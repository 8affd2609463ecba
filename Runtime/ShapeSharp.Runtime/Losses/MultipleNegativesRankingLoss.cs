using System;
using TorchSharp;

namespace ShapeSharp.Losses;

/// <summary>
/// Multiple-negatives ranking loss (Henderson et al., 2017; sentence-transformers' MNRL, the InfoNCE
/// form): for anchor i the positive i is the right answer among all positives of the batch (and any
/// extra hard negatives). Scores are <c>scale * cos(anchor_i, candidate_j)</c>; the loss is the
/// cross-entropy of the scores with target i, mean over anchors.
/// </summary>
public sealed class MultipleNegativesRankingLoss
{
    public MultipleNegativesRankingLoss(double scale = 20.0, double labelSmoothing = 0.0)
    {
        if (scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale (inverse temperature) must be positive.");
        }

        Scale = scale;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Inverse temperature applied to the cosine similarities (sentence-transformers: 20).</summary>
    public double Scale { get; }

    public double LabelSmoothing { get; }

    /// <param name="anchors"><c>[N, D]</c>.</param>
    /// <param name="positives"><c>[N, D]</c>: row i is the match of anchor i.</param>
    /// <param name="hardNegatives">Optional <c>[M, D]</c> extra candidates that match no anchor.</param>
    public torch.Tensor forward(torch.Tensor anchors, torch.Tensor positives, torch.Tensor? hardNegatives = null)
    {
        PairDistances.CheckPair(anchors, positives, nameof(MultipleNegativesRankingLoss));
        using var scope = torch.NewDisposeScope();
        var candidates = hardNegatives is null ? positives : torch.cat(new[] { positives, hardNegatives }, 0);
        var a = torch.nn.functional.normalize(anchors, dim: -1);
        var c = torch.nn.functional.normalize(candidates, dim: -1);
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var scale = Scale.ToScalar();
        using var count = anchors.shape[0].ToScalar();
        var scores = a.matmul(c.t()).mul(scale);
        var labels = torch.arange(HeldScalars.Zero, count, HeldScalars.One, dtype: torch.ScalarType.Int64, device: anchors.device);
        var loss = torch.nn.functional.cross_entropy(scores, labels, label_smoothing: LabelSmoothing);
        return loss.MoveToOuterDisposeScope();
    }
}
