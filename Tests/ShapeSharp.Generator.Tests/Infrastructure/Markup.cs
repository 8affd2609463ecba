using Microsoft.CodeAnalysis.Text;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>Source text with one expected diagnostic span marked as <c>[|...|]</c>.</summary>
public sealed record Markup(string Source, TextSpan Span)
{
    public static Markup Parse(string marked)
    {
        var start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        var end = marked.IndexOf("|]", System.StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "markup needs one [|...|] span");
        var source = marked.Remove(end, 2).Remove(start, 2);
        return new Markup(source, TextSpan.FromBounds(start, end - 2));
    }
}
