using System;
using System.Text.Json.Nodes;

namespace ShapeSharp.Editor.Tests;

/// <summary>An LSP range: 0-based lines and UTF-16 characters, end exclusive.</summary>
public readonly record struct LspRange(int Line, int Character, int EndLine, int EndCharacter)
{
    /// <summary>The range of the only occurrence of <paramref name="span"/> in <paramref name="text"/>.</summary>
    public static LspRange Of(string text, string span)
    {
        var start = text.IndexOf(span, StringComparison.Ordinal);
        if (start < 0 || text.IndexOf(span, start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{span}' must occur exactly once in the document");
        }

        var (line, character) = Position(text, start);
        var (endLine, endCharacter) = Position(text, start + span.Length);
        return new LspRange(line, character, endLine, endCharacter);
    }

    public static LspRange? FromJson(JsonNode? range) => range is null
        ? null
        : new LspRange(
            range["start"]!["line"]!.GetValue<int>(), range["start"]!["character"]!.GetValue<int>(),
            range["end"]!["line"]!.GetValue<int>(), range["end"]!["character"]!.GetValue<int>());

    public JsonObject ToJson() => new()
    {
        ["start"] = new JsonObject { ["line"] = Line, ["character"] = Character },
        ["end"] = new JsonObject { ["line"] = EndLine, ["character"] = EndCharacter },
    };

    public override string ToString() => $"{Line}:{Character}-{EndLine}:{EndCharacter}";

    private static (int Line, int Character) Position(string text, int offset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(offset - 1, 0)) + 1;
        var line = 0;
        for (var i = 0; i < lineStart; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return (line, offset - lineStart);
    }
}
