using System;
using TorchSharp;

namespace ShapeSharp.Losses;

/// <summary>
/// Triplet margin loss: <c>relu(d(anchor, positive) - d(anchor, negative) + margin)</c>, mean over
/// triplets. Defaults follow PyTorch's nn.TripletMarginLoss (Euclidean, margin 1).
/// </summary>
public sealed class TripletLoss
{
    public TripletLoss(double margin = 1.0, PairDistance distance = PairDistance.Euclidean)
    {
        if (margin < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be non-negative.");
        }

        Margin = margin;
        Distance = distance;
    }

    public double Margin { get; }

    public PairDistance Distance { get; }

    public torch.Tensor forward(torch.Tensor anchor, torch.Tensor positive, torch.Tensor negative)
    {
        PairDistances.CheckPair(anchor, positive, nameof(TripletLoss));
        PairDistances.CheckPair(anchor, negative, nameof(TripletLoss));
        using var scope = torch.NewDisposeScope();
        var dp = PairDistances.Compute(Distance, anchor, positive);
        var dn = PairDistances.Compute(Distance, anchor, negative);
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var margin = Margin.ToScalar();
        return torch.nn.functional.relu((dp - dn).add(margin, HeldScalars.One)).mean().MoveToOuterDisposeScope();
    }
}
