using System;

namespace ShapeSharp;

/// <summary>Options of batch and instance normalisation (PyTorch's names; the defaults differ between the two).</summary>
public abstract class RunningNormAttribute : SizedLayerAttribute
{
    /// <summary>Added to the variance before its square root. Default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>The weight of each batch in the running statistics. Default 0.1.</summary>
    public double Momentum { get; set; } = 0.1;
}

/// <summary>Options of batch normalisation: a learned scale and shift, and running statistics for evaluation.</summary>
public abstract class BatchNormAttribute : RunningNormAttribute
{
    /// <summary>Learns a scale (weight) and shift (bias) per channel. Default true.</summary>
    public bool Affine { get; set; } = true;

    /// <summary>Keeps running mean and variance (buffers) and uses them in evaluation. Default true.</summary>
    public bool TrackRunningStats { get; set; } = true;
}

/// <summary>nn.BatchNorm1d over the channels (dim 1) of [N, C] or [N, C, L]; C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm1dAttribute : BatchNormAttribute { }

/// <summary>nn.BatchNorm2d over the channels (dim 1) of [N, C, H, W]; C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm2dAttribute : BatchNormAttribute { }

/// <summary>nn.BatchNorm3d over the channels (dim 1) of [N, C, D, H, W]; C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm3dAttribute : BatchNormAttribute { }

/// <summary>Options of instance normalisation: each sample's channels normalised over their own spatial dims.</summary>
public abstract class InstanceNormAttribute : RunningNormAttribute
{
    /// <summary>Learns a scale (weight) and shift (bias) per channel. Default false, as in PyTorch.</summary>
    public bool Affine { get; set; }

    /// <summary>Keeps running mean and variance (buffers) and uses them in evaluation. Default false, as in PyTorch.</summary>
    public bool TrackRunningStats { get; set; }
}

/// <summary>nn.InstanceNorm1d over [N, C, L] (or [C, L]); C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InstanceNorm1dAttribute : InstanceNormAttribute { }

/// <summary>nn.InstanceNorm2d over [N, C, H, W] (or [C, H, W]); C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InstanceNorm2dAttribute : InstanceNormAttribute { }

/// <summary>nn.GroupNorm: the channels of [N, C, *] in groups, each normalised over its channels and spatial dims; C is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GroupNormAttribute : SizedLayerAttribute
{
    /// <param name="groups">The number of groups; it must divide the channel count.</param>
    public GroupNormAttribute(int groups) { }

    /// <summary>Added to the variance before its square root. Default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Learns a scale (weight) and shift (bias) per channel. Default true.</summary>
    public bool Affine { get; set; } = true;
}

/// <summary>nn.LayerNorm over the last dim; its size is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute : SizedLayerAttribute
{
    /// <summary>Added to the variance before its square root. Default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Learns a scale (weight) and shift (bias) per feature. Default true.</summary>
    public bool ElementwiseAffine { get; set; } = true;
}

/// <summary>RMSNorm over the last dim (LLaMA): x / sqrt(mean(x^2) + eps) * weight; its size is inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class RMSNormAttribute : SizedLayerAttribute
{
    /// <summary>Added to the mean square before its square root. Default 1e-6.</summary>
    public double Eps { get; set; } = 1e-6;
}

/// <summary>nn.LocalResponseNorm: each channel of [N, C, *] divided by the activity of its <c>size</c> neighbouring channels (AlexNet).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LocalResponseNormAttribute : LayerAttribute
{
    /// <param name="size">The number of neighbouring channels.</param>
    public LocalResponseNormAttribute(int size) { }

    /// <summary>The multiplicative factor. Default 1e-4.</summary>
    public double Alpha { get; set; } = 1e-4;

    /// <summary>The exponent. Default 0.75.</summary>
    public double Beta { get; set; } = 0.75;

    /// <summary>The additive factor. Default 1.</summary>
    public double K { get; set; } = 1.0;
}
