using System;

namespace ShapeSharp;

/// <summary>nn.ReLU: max(0, x), element-wise.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : LayerAttribute { }

/// <summary>nn.ReLU6: min(max(0, x), 6), element-wise (MobileNet).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ReLU6Attribute : LayerAttribute { }

/// <summary>nn.LeakyReLU: x, or NegativeSlope * x below 0.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReLUAttribute : LayerAttribute
{
    /// <summary>The slope below 0. Default 0.01.</summary>
    public double NegativeSlope { get; set; } = 0.01;
}

/// <summary>nn.PReLU: x, or a learned slope times x below 0; one slope, or one per channel (dim 1).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PReLUAttribute : LayerAttribute
{
    /// <summary>One learned slope shared by every channel.</summary>
    public PReLUAttribute() { }

    /// <param name="numParameters">1, or the input's channel count (dim 1) for one slope per channel.</param>
    public PReLUAttribute(int numParameters) { }

    /// <summary>The slopes' initial value. Default 0.25.</summary>
    public double Init { get; set; } = 0.25;
}

/// <summary>nn.ELU: x, or Alpha * (exp(x) - 1) below 0.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ELUAttribute : LayerAttribute
{
    /// <summary>The value approached for large negative inputs, negated. Default 1.</summary>
    public double Alpha { get; set; } = 1.0;
}

/// <summary>nn.SELU: the self-normalising ELU (fixed scale and alpha); pair it with AlphaDropout.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SELUAttribute : LayerAttribute { }

/// <summary>nn.GELU (exact, erf-based).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GELUAttribute : LayerAttribute { }

/// <summary>nn.SiLU (swish): x * sigmoid(x).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SiLUAttribute : LayerAttribute { }

/// <summary>nn.Mish: x * tanh(softplus(x)).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MishAttribute : LayerAttribute { }

/// <summary>nn.Hardswish: x * relu6(x + 3) / 6 (MobileNetV3).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class HardswishAttribute : LayerAttribute { }

/// <summary>nn.Hardsigmoid: relu6(x + 3) / 6.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class HardsigmoidAttribute : LayerAttribute { }

/// <summary>nn.Softplus: log(1 + exp(Beta * x)) / Beta, and x itself where Beta * x exceeds Threshold.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SoftplusAttribute : LayerAttribute
{
    /// <summary>The sharpness; must not be 0. Default 1.</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Above this Beta * x the function is linear (for numerical stability). Default 20.</summary>
    public double Threshold { get; set; } = 20.0;
}

/// <summary>nn.Tanh.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class TanhAttribute : LayerAttribute { }

/// <summary>nn.Sigmoid.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SigmoidAttribute : LayerAttribute { }

/// <summary>nn.Softmax over <see cref="Dim"/> (default: the last dim, as Keras).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxAttribute : LayerAttribute
{
    /// <summary>The dim whose entries sum to 1; negative counts from the end. Default -1.</summary>
    public int Dim { get; set; } = -1;
}

/// <summary>nn.LogSoftmax over <see cref="Dim"/> (default: the last dim).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LogSoftmaxAttribute : LayerAttribute
{
    /// <summary>The dim normalised over; negative counts from the end. Default -1.</summary>
    public int Dim { get; set; } = -1;
}

/// <summary>nn.Identity: returns its input (a placeholder, for instance where a variant has no layer).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class IdentityAttribute : LayerAttribute { }
