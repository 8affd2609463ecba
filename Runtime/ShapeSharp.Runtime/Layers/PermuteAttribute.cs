using System;

namespace ShapeSharp;

/// <summary>Tensor.permute over all dims, batch included (PyTorch's convention).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PermuteAttribute : LayerAttribute
{
    public PermuteAttribute(params int[] dims) { }
}
