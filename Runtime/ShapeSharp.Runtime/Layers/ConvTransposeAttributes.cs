using System;

namespace ShapeSharp;

/// <summary>
/// The options of a transposed convolution: a convolution's (no "same" or "valid" padding, as in
/// PyTorch), plus <see cref="OutputPadding"/>.
/// </summary>
public abstract class ConvTransposeAttribute : ConvolutionAttribute
{
    /// <summary>
    /// Extra size added to one side of the output, to pick among the sizes a stride allows: an int
    /// or an int[] with one per spatial axis, smaller than Stride or Dilation. Default 0.
    /// </summary>
    public object OutputPadding { get; set; } = 0;
}

/// <summary>nn.ConvTranspose1d. The positional size is the number of output channels; the input's are inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ConvTranspose1dAttribute : ConvTransposeAttribute
{
    /// <param name="outChannels">The number of output channels.</param>
    public ConvTranspose1dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public ConvTranspose1dAttribute(string outChannels) { }
}

/// <summary>nn.ConvTranspose2d. The positional size is the number of output channels; the input's are inferred.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ConvTranspose2dAttribute : ConvTransposeAttribute
{
    /// <param name="outChannels">The number of output channels.</param>
    public ConvTranspose2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public ConvTranspose2dAttribute(string outChannels) { }
}
