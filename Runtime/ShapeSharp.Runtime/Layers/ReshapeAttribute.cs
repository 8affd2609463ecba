using System;

namespace ShapeSharp;

/// <summary>
/// Reshapes everything after the batch dim to the given shape (Keras' Reshape / nn.Unflatten);
/// one entry may be -1 and is inferred.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ReshapeAttribute : LayerAttribute
{
    /// <param name="shape">The shape after the batch dim; one entry may be -1.</param>
    public ReshapeAttribute(params int[] shape) { }
}
