using System;

namespace ShapeSharp;

/// <summary>RMSNorm over the last dim (LLaMA): x / sqrt(mean(x^2) + eps) * weight; its size is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class RMSNormAttribute : SizedLayerAttribute
{
    public double Eps { get; set; } = 1e-6;
}
