using System;

namespace ShapeSharp;

/// <summary>
/// nn.EmbeddingBag over bags of equal length: integer indices [B, L] -> [B, width], each bag's
/// vectors reduced by <see cref="Mode"/>, in PyTorch's order (vocabulary, width). Either size may be
/// a symbol that becomes a constructor parameter. Bags given by offsets need TorchSharp's module
/// in a field of your own.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingBagAttribute : LayerAttribute
{
    /// <param name="vocabulary">The number of embeddings.</param>
    /// <param name="width">The size of each embedding.</param>
    public EmbeddingBagAttribute(int vocabulary, int width) { }

    /// <param name="vocabulary">A symbol: becomes a constructor parameter of the model.</param>
    /// <param name="width">The size of each embedding.</param>
    public EmbeddingBagAttribute(string vocabulary, int width) { }

    /// <param name="vocabulary">The number of embeddings.</param>
    /// <param name="width">A symbol: becomes a constructor parameter of the model.</param>
    public EmbeddingBagAttribute(int vocabulary, string width) { }

    /// <param name="vocabulary">A symbol: becomes a constructor parameter of the model.</param>
    /// <param name="width">A symbol: becomes a constructor parameter of the model.</param>
    public EmbeddingBagAttribute(string vocabulary, string width) { }

    /// <summary>"mean" (default), "sum" or "max".</summary>
    public string Mode { get; set; } = "mean";

    /// <summary>An index left out of every bag (and of the mean's count); -1 (default) means none.</summary>
    public int PaddingIdx { get; set; } = -1;
}

/// <summary>
/// nn.CosineSimilarity of two tensors along <see cref="Dim"/>: a block of its own taking both,
/// <c>[CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);</c>. Their shapes
/// broadcast; Dim is removed from the result.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CosineSimilarityAttribute : LayerAttribute
{
    /// <summary>The dim the vectors lie along; negative counts from the end. Default 1.</summary>
    public int Dim { get; set; } = 1;

    /// <summary>The smallest norm divided by (against division by zero). Default 1e-8.</summary>
    public double Eps { get; set; } = 1e-8;
}
