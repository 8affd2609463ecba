using System;

namespace ShapeSharp;

/// <summary>nn.Flatten: dims StartDim..EndDim become their product.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
    /// <summary>The first dim flattened (default 1, after the batch); negative counts from the end.</summary>
    public int StartDim { get; set; } = 1;

    /// <summary>The last dim flattened (default -1, the last); negative counts from the end.</summary>
    public int EndDim { get; set; } = -1;
}
