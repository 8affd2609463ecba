using System;
using System.ComponentModel;
using System.Globalization;

namespace ShapeSharp;

/// <summary>
/// Checks the generated constructor runs on the model sizes it is given, where a layer's size is an
/// expression over them (<c>Linear("C / 8")</c>): the model, the layer and the values in one
/// ArgumentException, before any layer is built.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SizeGuard
{
    /// <summary><paramref name="numerator"/> must be a multiple of <paramref name="divisor"/>.</summary>
    public static void Divides(string model, string layer, string numeratorText, long numerator, string divisorText, long divisor)
    {
        if (divisor <= 0)
        {
            throw new ArgumentException($"{model}: {layer} divides by {divisorText} = {Text(divisor)}, which must be positive.");
        }

        if (numerator % divisor != 0)
        {
            throw new ArgumentException($"{model}: {layer} needs {numeratorText} to be a multiple of {divisorText}, but {Value(numeratorText, numerator)}{(IsLiteral(divisorText, divisor) ? string.Empty : " and " + Value(divisorText, divisor))}.");
        }
    }

    /// <summary>A size must be at least 1.</summary>
    public static void Positive(string model, string layer, long value)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{model}: {layer} is {Text(value)} with the sizes given; a size must be positive.");
        }
    }

    private static bool IsLiteral(string text, long value) => text == Text(value);

    private static string Value(string text, long value) => IsLiteral(text, value) ? text : text + " = " + Text(value);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
