using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ShapeSharp.Generator.Model;

/// <summary>A source location kept as values, so it can live in a cached pipeline record.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

    public static LocationInfo From(SyntaxToken token) => From(token.GetLocation());

    public static LocationInfo From(Location location)
    {
        var line = location.GetLineSpan();
        return new LocationInfo(line.Path ?? string.Empty, location.SourceSpan, line.Span);
    }

    /// <summary>A sub-span of this one on the same line (a token inside a string literal).</summary>
    public LocationInfo Slice(int start, int length)
    {
        var begin = LineSpan.Start;
        return new LocationInfo(
            FilePath,
            new TextSpan(Span.Start + start, length),
            new LinePositionSpan(
                new LinePosition(begin.Line, begin.Character + start),
                new LinePosition(begin.Line, begin.Character + start + length)));
    }
}
