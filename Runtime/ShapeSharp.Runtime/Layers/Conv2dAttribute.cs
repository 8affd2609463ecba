using System;

namespace ShapeSharp;

/// <summary>nn.Conv2d. The positional size is the number of output channels.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : SizedLayerAttribute
{
    public Conv2dAttribute(int outChannels) { }

    /// <param name="outChannels">A symbol: becomes a constructor parameter of the model.</param>
    public Conv2dAttribute(string outChannels) { }

    /// <summary>Kernel size (square); required.</summary>
    public int Kernel { get; set; }
    public int Stride { get; set; } = 1;
    public int Padding { get; set; }
    public int Dilation { get; set; } = 1;
    public int Groups { get; set; } = 1;
    public bool Bias { get; set; } = true;
}
