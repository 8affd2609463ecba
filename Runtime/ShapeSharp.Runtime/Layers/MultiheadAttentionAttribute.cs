using System;

namespace ShapeSharp;

/// <summary>
/// nn.MultiheadAttention as a block of its own: <c>[MultiheadAttention(4)] private partial Tensor
/// Attend(Tensor query, Tensor key, Tensor value);</c>; an optional fourth parameter is the attention
/// mask [T, S] and a fifth the key padding mask [B, S] (true = not attended, as in PyTorch). The width is inferred from the query; shapes are batch-first [B, T, E] like every other
/// ShapeSharp shape (the generated block transposes for TorchSharp's [T, B, E]). A block returning
/// a tuple gets (output [B, T, E], weights [B, T, S]).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MultiheadAttentionAttribute : SizedLayerAttribute
{
    /// <param name="heads">The number of heads; it must divide the width.</param>
    public MultiheadAttentionAttribute(int heads) { }

    /// <summary>Dropout on the attention weights while training. Default 0.</summary>
    public double Dropout { get; set; }

    /// <summary>Adds biases to the input and output projections. Default true.</summary>
    public bool Bias { get; set; } = true;
}
