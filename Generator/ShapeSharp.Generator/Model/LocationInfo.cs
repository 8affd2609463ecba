using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ShapeSharp.Generator.Model;

/// <summary>A source location kept as values, so it can live in a cached pipeline record.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>
    /// The location inside <paramref name="compilation"/>'s tree for this file. The compiler applies
    /// `#pragma warning disable` and per-file .editorconfig severities only to diagnostics whose
    /// location has a syntax tree; a path-only location (<see cref="ToLocation()"/>) would skip both.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && Span.End <= tree.Length)
            {
                return Location.Create(tree, Span);
            }
        }

        return ToLocation();
    }

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
