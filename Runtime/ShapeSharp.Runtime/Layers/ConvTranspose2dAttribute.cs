using System;

namespace ShapeSharp;

/// <summary>nn.ConvTranspose2d. The positional size is the number of output channels.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ConvTranspose2dAttribute : SizedLayerAttribute
{
    public ConvTranspose2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public ConvTranspose2dAttribute(string outChannels) { }

    /// <summary>Kernel size (square); required.</summary>
    public int Kernel { get; set; }
    public int Stride { get; set; } = 1;
    public int Padding { get; set; }
    public int OutputPadding { get; set; }
    public int Dilation { get; set; } = 1;
    public int Groups { get; set; } = 1;
    public bool Bias { get; set; } = true;
}
