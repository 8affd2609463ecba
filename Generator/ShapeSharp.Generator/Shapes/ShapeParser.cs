using System.Collections.Generic;
using System.Globalization;

namespace ShapeSharp.Generator.Shapes;

/// <summary>A syntax error inside a shape string: 0-based offset and length of the bad token.</summary>
internal sealed record ShapeParseError(int Offset, int Length, string Problem);

/// <summary>
/// Parses an [Input] shape: comma-separated dims, each a positive integer, an identifier (a symbol)
/// or ? (unknown). Whitespace is free.
/// </summary>
internal static class ShapeParser
{
    /// <summary>A shape as the checker writes it ("[B, T, 64]"); null when empty or not readable.</summary>
    public static Shape? ParseWritten(string? text)
    {
        var inner = text?.Trim().TrimStart('[').TrimEnd(']');
        return string.IsNullOrEmpty(inner) ? null : Parse(inner!).Shape;
    }

    public static (Shape? Shape, ShapeParseError? Error) Parse(string text)
    {
        var dims = new List<Dim>();
        var position = 0;
        while (true)
        {
            SkipSpace(text, ref position);
            if (position >= text.Length)
            {
                return (null, new ShapeParseError(position, 0, dims.Count == 0 ? "the shape is empty" : "a dim is missing after ','"));
            }

            var start = position;
            var c = text[position];
            if (c == '?')
            {
                position++;
                dims.Add(Dim.Unknown);
            }
            else if (char.IsDigit(c))
            {
                while (position < text.Length && char.IsDigit(text[position]))
                {
                    position++;
                }

                var digits = text.Substring(start, position - start);
                if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
                {
                    return (null, new ShapeParseError(start, position - start, "a constant dim must be a positive integer"));
                }

                dims.Add(Dim.Of(value));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                dims.Add(Dim.Symbol(text.Substring(start, position - start)));
            }
            else
            {
                return (null, new ShapeParseError(start, TokenLength(text, start), $"'{text.Substring(start, TokenLength(text, start))}' is not a dim (use an integer, a name or ?)"));
            }

            SkipSpace(text, ref position);
            if (position >= text.Length)
            {
                return (new Shape(dims), null);
            }

            if (text[position] != ',')
            {
                return (null, new ShapeParseError(position, TokenLength(text, position), $"expected ',' but found '{text.Substring(position, TokenLength(text, position))}'"));
            }

            position++;
        }
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static int TokenLength(string text, int start)
    {
        var end = start + 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ',')
        {
            end++;
        }

        return end - start;
    }
}
