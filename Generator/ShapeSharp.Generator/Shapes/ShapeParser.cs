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
    /// <summary>
    /// A shape as the checker writes it ("[B, T, 64]", "[B, C, (H - 1) / 2 + 1]": a sub-model's
    /// OutputShape constant); null when empty or not readable. Dims may be expressions over
    /// integers and names with + - * and floor division by a constant, as <see cref="Dim.ToString"/>
    /// writes them.
    /// </summary>
    public static Shape? ParseWritten(string? text)
    {
        var inner = text?.Trim();
        if (string.IsNullOrEmpty(inner) || inner == "?")
        {
            return null;
        }

        if (inner!.StartsWith("[", System.StringComparison.Ordinal) && inner.EndsWith("]", System.StringComparison.Ordinal))
        {
            inner = inner.Substring(1, inner.Length - 2);
            if (inner.Trim().Length == 0)
            {
                return new Shape(System.Array.Empty<Dim>());
            }
        }

        var dims = new List<Dim>();
        foreach (var part in inner.Split(','))
        {
            var reader = new WrittenDim(part);
            var dim = reader.Expression();
            if (dim is null || !reader.AtEnd)
            {
                return null;
            }

            dims.Add(dim);
        }

        return new Shape(dims);
    }

    /// <summary>
    /// A size written as an expression over model sizes and constants ("C / 8", "4 * D", "D / Heads"):
    /// the dim, and each division in it as (numerator, divisor), which must divide; null when it is
    /// not readable or holds ?.
    /// </summary>
    public static (Dim? Size, IReadOnlyList<(Dim Numerator, Dim Divisor)> Divisions) ParseSize(string text)
    {
        var reader = new WrittenDim(text) { Divisions = new List<(Dim, Dim)>() };
        var dim = reader.Expression();
        return dim is null || !reader.AtEnd || dim.IsUnknown ? (null, reader.Divisions) : (dim, reader.Divisions);
    }

    /// <summary>
    /// A shape whose dims are size expressions ("C * Expand, 1, 3, 3": a learned tensor's), with every
    /// division in it; null when a dim is not one.
    /// </summary>
    public static (Shape? Shape, IReadOnlyList<(Dim Numerator, Dim Divisor)> Divisions) ParseSizes(string text)
    {
        var dims = new List<Dim>();
        var divisions = new List<(Dim, Dim)>();
        foreach (var part in text.Split(','))
        {
            var (size, within) = ParseSize(part);
            if (size is null)
            {
                return (null, divisions);
            }

            dims.Add(size);
            divisions.AddRange(within);
        }

        return (new Shape(dims), divisions);
    }

    /// <summary>Recursive descent over one written dim: sum of products of atoms, a / b only by a positive constant.</summary>
    private sealed class WrittenDim
    {
        private readonly string _text;
        private int _position;

        public WrittenDim(string text) => _text = text;

        /// <summary>When set, every division read, for a size expression's divisibility checks.</summary>
        public List<(Dim Numerator, Dim Divisor)>? Divisions { get; init; }

        public bool AtEnd
        {
            get
            {
                Skip();
                return _position >= _text.Length;
            }
        }

        public Dim? Expression()
        {
            var left = Term();
            while (left is not null && Peek() is '+' or '-')
            {
                var op = _text[_position++];
                var right = Term();
                left = right is null ? null : op == '+' ? left + right : left - right;
            }

            return left;
        }

        private Dim? Term()
        {
            var left = Factor();
            while (left is not null && Peek() is '*' or '/')
            {
                var op = _text[_position++];
                var right = Factor();
                if (op == '/' && left is not null && right is not null)
                {
                    Divisions?.Add((left, right));
                }

                left = left is null || right is null ? null : op == '*' ? left * right : left.DivideBy(right);
            }

            return left;
        }

        private Dim? Factor()
        {
            var c = Peek();
            if (c == '(')
            {
                _position++;
                var inner = Expression();
                if (Peek() != ')')
                {
                    return null;
                }

                _position++;
                return inner;
            }

            if (c == '-')
            {
                _position++;
                var operand = Factor();
                return operand is null ? null : Dim.Of(0) - operand;
            }

            if (c == '?')
            {
                _position++;
                return Dim.Unknown;
            }

            var start = _position;
            if (c is { } digit && char.IsDigit(digit))
            {
                while (_position < _text.Length && char.IsDigit(_text[_position]))
                {
                    _position++;
                }

                return long.TryParse(_text.Substring(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Dim.Of(value) : null;
            }

            if (c is { } letter && (char.IsLetter(letter) || letter == '_'))
            {
                while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
                {
                    _position++;
                }

                return Dim.Symbol(_text.Substring(start, _position - start));
            }

            return null;
        }

        private char? Peek()
        {
            Skip();
            return _position < _text.Length ? _text[_position] : null;
        }

        private void Skip()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }
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
