using System;

namespace ShapeSharp;

/// <summary>nn.Conv1d: a 1-d convolution. The positional size is the number of output channels; the input's are inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv1dAttribute : ConvolutionAttribute
{
    /// <param name="outChannels">The number of output channels.</param>
    public Conv1dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public Conv1dAttribute(string outChannels) { }
}
