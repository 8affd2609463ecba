using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ShapeSharp.Generator.Layers;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>
/// docs/layers.md is generated from the layer catalogue and the attribute classes; when they differ
/// this fails, and SHAPESHARP_ACCEPT=1 rewrites it (review the diff). Every layer attribute, its
/// constructors' parameters and its options carry the XML documentation IntelliSense shows.
/// </summary>
public class LayerReferenceTests
{
    [Fact]
    public void Layers_md_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "layers.md");
        var generated = LayerReference.Markdown(RepositoryRoot());
        var written = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (written == generated)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("SHAPESHARP_ACCEPT") == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.Fail($"{path} differs from the layer catalogue. Regenerate it with "
            + "SHAPESHARP_ACCEPT=1 dotnet test Tests/ShapeSharp.Generator.Tests --filter LayerReferenceTests and review the diff.");
    }

    [Fact]
    public void Every_kind_has_a_section_with_its_example_shape_and_pytorch_equivalent()
    {
        var markdown = LayerReference.Markdown(RepositoryRoot());
        foreach (var (kind, doc) in LayerCatalog.Documented)
        {
            var start = markdown.IndexOf("\n## " + kind + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no section for {kind}");
            var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = end < 0 ? markdown[start..] : markdown[start..end];
            Assert.Contains("- **Shape:** " + doc.Shape, section);
            Assert.Contains("- **PyTorch:** " + doc.PyTorch, section);
            Assert.Contains("- **State dict:** " + doc.StateDict, section);
            Assert.Contains("public partial class " + kind + "Example", section);
        }
    }

    [Fact]
    public void Every_layer_attribute_is_documented_for_intellisense()
    {
        var classes = LayerReference.Read(RepositoryRoot());
        var missing = classes.Values
            .SelectMany(c => new[] { c.Summary.Length == 0 ? c.Name : null }
                .Concat(c.Options.Where(o => o.Summary.Length == 0).Select(o => $"{c.Name}.{o.Name}"))
                .Concat(c.Constructors.SelectMany(k => k.Parameters.Where(p => p.Doc.Length == 0 && k.Summary.Length == 0).Select(p => $"{c.Name}({p.Name})"))))
            .Where(m => m is not null)
            .ToList();
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing));
    }

    [Fact]
    public void Options_show_their_defaults()
    {
        var markdown = LayerReference.Markdown(RepositoryRoot());
        Assert.Contains("| `Eps` | double | `1e-5` |", markdown);
        Assert.Contains("| `Kernel` | int or int[] | required |", markdown);
        Assert.Contains("| `Affine` | bool | `false` |", markdown);   // instance norm's PyTorch default
        Assert.Contains("| `In` | int | inferred |", markdown);
    }

    private static string RepositoryRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
