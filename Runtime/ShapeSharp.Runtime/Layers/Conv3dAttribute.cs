using System;

namespace ShapeSharp;

/// <summary>nn.Conv3d: a 3-d convolution. The positional size is the number of output channels; the input's are inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv3dAttribute : ConvolutionAttribute
{
    /// <param name="outChannels">The number of output channels.</param>
    public Conv3dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public Conv3dAttribute(string outChannels) { }
}
