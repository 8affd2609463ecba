using System;

namespace ShapeSharp;

/// <summary>
/// Thrown by a generated forward when an argument's shape contradicts the declared one.
/// Names the model, the argument, the expected symbolic shape and the actual one.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    public ShapeMismatchException(string model, string argument, string expected, string actual, string detail)
        : base($"{model}.forward: argument '{argument}' expected shape {expected} but got {actual} ({detail}).", argument)
    {
        Model = model;
        Argument = argument;
        Expected = expected;
        Actual = actual;
    }

    public string Model { get; }

    public string Argument { get; }

    /// <summary>The declared shape, symbols kept ("[B, 1, 28, 28]").</summary>
    public string Expected { get; }

    /// <summary>The tensor's actual shape ("[64, 3, 32, 32]").</summary>
    public string Actual { get; }
}
