using System;

namespace ShapeSharp;

/// <summary>
/// Declares a model input and marks the class as a ShapeSharp model. The shape is a comma-separated
/// list of dims: constants (28), symbols (B, T) or ? (unknown), e.g. "B, 1, 28, 28".
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public InputAttribute(string shape) => Shape = shape;

    public string Shape { get; }

    public DType Dtype { get; set; } = DType.Float32;

    /// <summary>The forward parameter's name (default x, then x2, x3 for more inputs).</summary>
    public string? Name { get; set; }
}
