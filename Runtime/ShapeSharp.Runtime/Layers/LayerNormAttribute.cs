using System;

namespace ShapeSharp;

/// <summary>nn.LayerNorm over the last dim; its size is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute : SizedLayerAttribute
{
    public double Eps { get; set; } = 1e-5;
    public bool ElementwiseAffine { get; set; } = true;
}
