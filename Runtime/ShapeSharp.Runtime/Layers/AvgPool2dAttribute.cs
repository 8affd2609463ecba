using System;

namespace ShapeSharp;

/// <summary>nn.AvgPool2d. The positional size is the kernel size.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2dAttribute : LayerAttribute
{
    public AvgPool2dAttribute(int kernel) { }

    /// <summary>0 means the kernel size, as in PyTorch.</summary>
    public int Stride { get; set; }
    public int Padding { get; set; }
    public bool CeilMode { get; set; }
    public bool CountIncludePad { get; set; } = true;
}
