using System;

namespace ShapeSharp;

/// <summary>Tensor.permute over all dims, batch included (PyTorch's convention).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PermuteAttribute : LayerAttribute
{
    /// <param name="dims">The new order of every dim (batch included), a permutation of 0..rank-1.</param>
    public PermuteAttribute(params int[] dims) { }
}
