using TorchSharp;

namespace ShapeSharp.Losses;

/// <summary>
/// Regression of the cosine similarity of two embeddings onto a gold score (sentence-transformers'
/// CosineSimilarityLoss): <c>mean((cos(a_i, b_i) - score_i)^2)</c>.
/// </summary>
public sealed class CosineSimilarityLoss
{
    /// <param name="scores"><c>[N]</c> target similarities, usually in [0, 1] or [-1, 1].</param>
    public torch.Tensor forward(torch.Tensor a, torch.Tensor b, torch.Tensor scores)
    {
        PairDistances.CheckPair(a, b, nameof(CosineSimilarityLoss));
        using var scope = torch.NewDisposeScope();
        var cos = torch.nn.functional.cosine_similarity(a, b, dim: -1);
        return torch.nn.functional.mse_loss(cos, scores.to_type(cos.dtype)).MoveToOuterDisposeScope();
    }
}
