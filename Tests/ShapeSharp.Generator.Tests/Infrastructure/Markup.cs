using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>
/// Source text with one expected diagnostic span marked as <c>[|...|]</c> and, optionally, the
/// additional location it names marked as <c>{|...|}</c>.
/// </summary>
public sealed record Markup(string Source, TextSpan Span, TextSpan? Additional = null)
{
    public static Markup Parse(string marked)
    {
        var source = new StringBuilder();
        int? start = null, end = null, additionalStart = null, additionalEnd = null;
        for (var i = 0; i < marked.Length; i++)
        {
            var pair = i + 1 < marked.Length ? marked.Substring(i, 2) : string.Empty;
            switch (pair)
            {
                case "[|":
                    start = source.Length;
                    i++;
                    continue;
                case "|]":
                    end = source.Length;
                    i++;
                    continue;
                case "{|":
                    additionalStart = source.Length;
                    i++;
                    continue;
                case "|}":
                    additionalEnd = source.Length;
                    i++;
                    continue;
            }

            source.Append(marked[i]);
        }

        Assert.True(start is not null && end > start, "markup needs one [|...|] span");
        var additional = additionalStart is { } a && additionalEnd is { } b ? TextSpan.FromBounds(a, b) : (TextSpan?)null;
        return new Markup(source.ToString(), TextSpan.FromBounds(start!.Value, end!.Value), additional);
    }
}
