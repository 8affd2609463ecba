using System;

namespace ShapeSharp;

/// <summary>nn.BatchNorm1d over dim 1; the feature count is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm1dAttribute : SizedLayerAttribute
{
    public double Eps { get; set; } = 1e-5;
    public double Momentum { get; set; } = 0.1;
    public bool Affine { get; set; } = true;
    public bool TrackRunningStats { get; set; } = true;
}
