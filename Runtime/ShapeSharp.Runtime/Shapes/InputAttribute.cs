using System;

namespace ShapeSharp;

/// <summary>
/// Declares a model input and marks the class as a ShapeSharp model. The shape is a comma-separated
/// list of dims: constants (28), symbols (B, T) or ? (unknown), e.g. "B, 1, 28, 28".
/// </summary>
/// <remarks>
/// A symbol is a free dim: any positive size at run time (the batch, a sequence length), so the
/// checker reports an op or layer that would work for one value of it only. A symbol a layer names
/// as a size (<c>Linear("D")</c>), or one listed in <see cref="Sizes"/>, is a model size instead: a
/// constructor parameter, fixed when the model is built, which the input guard checks.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public InputAttribute(string shape) => Shape = shape;

    public string Shape { get; }

    public DType Dtype { get; set; } = DType.Float32;

    /// <summary>The forward parameter's name (default x, then x2, x3 for more inputs).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Symbols of the shape that are model sizes, chosen when the model is built (constructor
    /// parameters), comma-separated: <c>[Input("B, D", Sizes = "D")]</c> makes <c>new Model(D: 64)</c>.
    /// Symbols a layer names as a size are model sizes without being listed.
    /// </summary>
    public string? Sizes { get; set; }
}
