using System;

namespace ShapeSharp;

/// <summary>nn.ConvTranspose2d. The positional size is the number of output channels.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ConvTranspose2dAttribute : ConvolutionAttribute
{
    public ConvTranspose2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public ConvTranspose2dAttribute(string outChannels) { }

    /// <summary>Extra size added to one side of the output (to pick among the sizes a stride allows).</summary>
    public int OutputPadding { get; set; }
}
