using System;

namespace ShapeSharp;

/// <summary>nn.Flatten: dims StartDim..EndDim become their product.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
    public int StartDim { get; set; } = 1;
    public int EndDim { get; set; } = -1;
}
