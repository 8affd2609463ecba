using System;

namespace ShapeSharp;

/// <summary>nn.Dropout: zeroes each element with probability p while training and scales the rest by 1 / (1 - p).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>p = 0.5.</summary>
    public DropoutAttribute() { }

    /// <param name="p">The drop probability, in [0, 1).</param>
    public DropoutAttribute(double p) { }
}

/// <summary>nn.Dropout1d: zeroes whole channels of [N, C, L] (or [C, L]) with probability p while training.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Dropout1dAttribute : LayerAttribute
{
    /// <summary>p = 0.5.</summary>
    public Dropout1dAttribute() { }

    /// <param name="p">The drop probability, in [0, 1).</param>
    public Dropout1dAttribute(double p) { }
}

/// <summary>nn.Dropout2d: zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability p while training.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Dropout2dAttribute : LayerAttribute
{
    /// <summary>p = 0.5.</summary>
    public Dropout2dAttribute() { }

    /// <param name="p">The drop probability, in [0, 1).</param>
    public Dropout2dAttribute(double p) { }
}

/// <summary>nn.AlphaDropout: dropout that keeps a SELU network's mean and variance.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AlphaDropoutAttribute : LayerAttribute
{
    /// <summary>p = 0.5.</summary>
    public AlphaDropoutAttribute() { }

    /// <param name="p">The drop probability, in [0, 1).</param>
    public AlphaDropoutAttribute(double p) { }
}
