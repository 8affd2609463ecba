using System;
using System.IO;
using System.Runtime.CompilerServices;
using ShapeSharp.Generator.Checking.Forward;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// docs/composite.md lists the op catalogue between two markers; the list is generated from
/// OpCatalog. When they differ this fails; SHAPESHARP_ACCEPT=1 rewrites the list (review the diff).
/// </summary>
public class OpCatalogDocsTests
{
    private const string Begin = "<!-- op catalogue: generated from OpCatalog (OpCatalogDocsTests; SHAPESHARP_ACCEPT=1 rewrites it) -->\n";
    private const string End = "<!-- end of the op catalogue -->";

    [Fact]
    public void Composite_md_lists_the_catalogue()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "composite.md");
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no generated op catalogue between the markers");

        var listed = text.Substring(start + Begin.Length, end - start - Begin.Length);
        var generated = OpCatalogDocs.Markdown();
        if (listed == generated)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("SHAPESHARP_ACCEPT") == "1")
        {
            File.WriteAllText(path, text.Substring(0, start + Begin.Length) + generated + text.Substring(end));
            return;
        }

        Assert.Fail($"The op catalogue in {path} differs from OpCatalog. Regenerate it with "
            + "SHAPESHARP_ACCEPT=1 dotnet test Tests/ShapeSharp.Generator.Tests and review the diff.\n"
            + $"listed:\n{listed}\ngenerated:\n{generated}");
    }

    [Fact]
    public void Every_group_has_a_title_and_a_rule()
    {
        foreach (var line in OpCatalogDocs.Markdown().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(@"^- \*\*[^*]+\*\* \(.+\): `", line);
        }
    }

    private static string RepositoryRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
