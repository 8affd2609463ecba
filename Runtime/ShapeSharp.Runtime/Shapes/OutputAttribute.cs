using System;

namespace ShapeSharp;

/// <summary>
/// States the shape <c>forward</c> returns, in the syntax of <see cref="InputAttribute"/>:
/// <c>[Output("B, 1, 28, 28")]</c> on an autoencoder. The build fails (SS0023) when the inferred
/// output provably differs: another rank, or a dim that differs for some input.
/// </summary>
/// <remarks>
/// Symbols are those of the model's <c>[Input]</c> shapes and its model sizes; <c>?</c> states
/// nothing about a dim. Where the checker does not know the output (an op it does not know), nothing
/// is reported.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OutputAttribute : Attribute
{
    public OutputAttribute(string shape) => Shape = shape;

    public string Shape { get; }
}
