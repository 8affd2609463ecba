using System;

namespace ShapeSharp;

/// <summary>nn.Linear on the last dim of any rank. The positional size is the output size.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LinearAttribute : SizedLayerAttribute
{
    /// <param name="outFeatures">The output size.</param>
    public LinearAttribute(int outFeatures) { }

    /// <param name="outFeatures">A symbol: becomes a constructor parameter of the model.</param>
    public LinearAttribute(string outFeatures) { }

    /// <summary>Adds a learned bias. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>
    /// Ties this layer's weight to another block's: a one-layer block holding an Embedding or a Linear
    /// (write <c>nameof(TokenEmbed)</c>), whose weight must have this layer's shape [out, in]. The GPT
    /// head shares the token embedding this way; the shared tensor is one parameter, counted once.
    /// </summary>
    public string? TiedTo { get; set; }
}
