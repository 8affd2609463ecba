using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ShapeSharp.Generator.Emitting;

/// <summary>An indented writer: generated code stays readable without string soup.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes code lines with their trailing comments aligned in one column.</summary>
    public SourceWriter Aligned(IEnumerable<(string Code, string? Comment)> lines)
    {
        var list = lines.ToList();
        var width = list.Where(l => l.Comment is not null).Select(l => l.Code.Length).DefaultIfEmpty(0).Max();
        foreach (var (code, comment) in list)
        {
            Line(comment is null ? code : code.PadRight(width) + "  // " + comment);
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
