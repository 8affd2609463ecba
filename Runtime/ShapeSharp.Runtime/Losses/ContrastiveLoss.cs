using TorchSharp;
using static ShapeSharp.HeldScalars;

namespace ShapeSharp.Losses;

/// <summary>
/// Contrastive loss (Hadsell et al., 2006) over embedding pairs, as in sentence-transformers:
/// <c>0.5 * (y d^2 + (1 - y) relu(margin - d)^2)</c>, mean over pairs. Label 1 = similar pair.
/// </summary>
public sealed class ContrastiveLoss
{
    public ContrastiveLoss(double margin = 0.5, PairDistance distance = PairDistance.Cosine)
    {
        Margin = margin;
        Distance = distance;
    }

    public double Margin { get; }

    public PairDistance Distance { get; }

    /// <param name="a">First embeddings <c>[N, D]</c>.</param>
    /// <param name="b">Second embeddings <c>[N, D]</c>.</param>
    /// <param name="labels"><c>[N]</c>: 1 for similar pairs, 0 for dissimilar ones.</param>
    public torch.Tensor forward(torch.Tensor a, torch.Tensor b, torch.Tensor labels)
    {
        PairDistances.CheckPair(a, b, nameof(ContrastiveLoss));
        using var scope = torch.NewDisposeScope();
        var d = PairDistances.Compute(Distance, a, b);
        var y = labels.to_type(d.dtype);
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var margin = Margin.ToScalar();
        var similar = y * d.pow(Two);
        var dissimilar = Minus(One, y) * torch.nn.functional.relu(Minus(margin, d)).pow(Two);
        var losses = similar.add(dissimilar, One).mul(Half);
        return losses.mean().MoveToOuterDisposeScope();
    }
}
