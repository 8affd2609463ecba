using System;

namespace ShapeSharp;

/// <summary>nn.Conv2d: a 2-d convolution. The positional size is the number of output channels; the input's are inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : ConvolutionAttribute
{
    /// <param name="outChannels">The number of output channels.</param>
    public Conv2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public Conv2dAttribute(string outChannels) { }
}
