using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>
/// Evaluates the generator's shape strings ("[B, 8, (H - 4) / 2 + 1]") for given symbol values, so
/// a test can compare the inferred shape with a real tensor's. '/' is floor division, as in the
/// generator's shape algebra.
/// </summary>
public static class ShapeText
{
    public static string[] Dims(string shape) =>
        shape.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Binds each dim of a declared input that is a plain symbol to the run's size.</summary>
    public static void Bind(string declared, long[] actual, IDictionary<string, long> symbols)
    {
        var dims = Dims(declared);
        for (var i = 0; i < dims.Length; i++)
        {
            if (char.IsLetter(dims[i][0]) || dims[i] == "?")
            {
                symbols[dims[i]] = actual[i];
            }
        }
    }

    public static long[] Evaluate(string shape, IReadOnlyDictionary<string, long> symbols) =>
        Dims(shape).Select(d => new Parser(d, symbols).Expression()).ToArray();

    private sealed class Parser
    {
        private readonly string _text;
        private readonly IReadOnlyDictionary<string, long> _symbols;
        private int _at;

        public Parser(string text, IReadOnlyDictionary<string, long> symbols)
        {
            _text = text;
            _symbols = symbols;
        }

        public long Expression()
        {
            var value = Term();
            while (Peek() is '+' or '-')
            {
                var op = _text[_at++];
                var right = Term();
                value = op == '+' ? value + right : value - right;
            }

            return value;
        }

        private long Term()
        {
            var value = Atom();
            while (Peek() is '*' or '/')
            {
                var op = _text[_at++];
                var right = Atom();
                value = op == '*' ? value * right : (long)Math.Floor((double)value / right);
            }

            return value;
        }

        private long Atom()
        {
            var c = Peek();
            if (c == '(')
            {
                _at++;
                var inner = Expression();
                Peek();
                _at++; // ')'
                return inner;
            }

            var start = _at;
            while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '_' or '?'))
            {
                _at++;
            }

            var token = _text[start.._at];
            return long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : _symbols.TryGetValue(token, out var bound) ? bound : throw new ArgumentException($"unbound symbol '{token}' in '{_text}'");
        }

        private char Peek()
        {
            while (_at < _text.Length && _text[_at] == ' ')
            {
                _at++;
            }

            return _at < _text.Length ? _text[_at] : '\0';
        }
    }
}
