using System;

namespace ShapeSharp;

/// <summary>
/// nn.Embedding(vocabulary, width), in PyTorch's order (the one layer whose first argument is not
/// its output size). Either size may be a symbol that becomes a constructor parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute : LayerAttribute
{
    /// <param name="vocabulary">The number of embeddings.</param>
    /// <param name="width">The size of each embedding.</param>
    public EmbeddingAttribute(int vocabulary, int width) { }

    /// <param name="vocabulary">A symbol: becomes a constructor parameter of the model.</param>
    /// <param name="width">The size of each embedding.</param>
    public EmbeddingAttribute(string vocabulary, int width) { }

    /// <param name="vocabulary">The number of embeddings.</param>
    /// <param name="width">A symbol: becomes a constructor parameter of the model.</param>
    public EmbeddingAttribute(int vocabulary, string width) { }

    /// <param name="vocabulary">A symbol: becomes a constructor parameter of the model.</param>
    /// <param name="width">A symbol: becomes a constructor parameter of the model.</param>
    public EmbeddingAttribute(string vocabulary, string width) { }

    /// <summary>Index whose vector is zero and gets no gradient; -1 means none.</summary>
    public int PaddingIdx { get; set; } = -1;
}
