using System;

namespace ShapeSharp;

/// <summary>nn.MaxPool1d. The positional size is the kernel size.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool1dAttribute : LayerAttribute
{
    public MaxPool1dAttribute(int kernel) { }

    /// <summary>0 means the kernel size, as in PyTorch.</summary>
    public int Stride { get; set; }
    public int Padding { get; set; }
    public int Dilation { get; set; } = 1;
    public bool CeilMode { get; set; }
}
