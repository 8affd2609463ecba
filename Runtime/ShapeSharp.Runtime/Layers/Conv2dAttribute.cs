using System;

namespace ShapeSharp;

/// <summary>nn.Conv2d. The positional size is the number of output channels.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : ConvolutionAttribute
{
    public Conv2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public Conv2dAttribute(string outChannels) { }
}
