using System;
using TorchSharp;

namespace ShapeSharp.Losses;

/// <summary>How the pair and triplet losses measure the distance between two embeddings.</summary>
public enum PairDistance
{
    /// <summary>1 - cosine similarity (sentence-transformers' default for contrastive losses).</summary>
    Cosine,

    /// <summary>L2 distance, with PyTorch's pairwise_distance eps of 1e-6 so the gradient is finite at 0.</summary>
    Euclidean,

    /// <summary>L1 distance.</summary>
    Manhattan,
}

internal static class PairDistances
{
    /// <summary>Row-wise distance between <c>[N, D]</c> embeddings: <c>[N]</c>.</summary>
    public static torch.Tensor Compute(PairDistance distance, torch.Tensor a, torch.Tensor b) => distance switch
    {
        // 1 - cosine, with the Scalars held (HeldScalars): TorchSharp does not keep one alive across the native call.
        PairDistance.Cosine => HeldScalars.Minus(HeldScalars.One, torch.nn.functional.cosine_similarity(a, b, dim: -1)),
        PairDistance.Euclidean => torch.nn.functional.pairwise_distance(a, b, p: 2),
        PairDistance.Manhattan => torch.nn.functional.pairwise_distance(a, b, p: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, null),
    };

    public static void CheckPair(torch.Tensor a, torch.Tensor b, string what)
    {
        if (a.dim() != 2 || !a.shape.AsSpan().SequenceEqual(b.shape))
        {
            throw new ArgumentException(
                $"{what} needs two [N, D] embedding batches of one shape; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
        }
    }
}
