using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Layers;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>
/// docs/layers.md, generated from the layer catalogue (shape rule, PyTorch equivalent, state-dict
/// names, example) and the attribute classes' source (constructors, options, defaults and the XML
/// documentation IntelliSense shows), so the reference and the editor say the same thing.
/// </summary>
public static class LayerReference
{
    /// <summary>An attribute class as its source declares it.</summary>
    public sealed record AttributeClass(string Name, string? Base, string Summary, IReadOnlyList<Constructor> Constructors, IReadOnlyList<Option> Options);

    public sealed record Constructor(string Signature, IReadOnlyList<(string Name, string Doc)> Parameters, string Summary);

    public sealed record Option(string Name, string Type, string Default, string Summary);

    public static string LayersDirectory(string root) => Path.Combine(root, "Runtime", "ShapeSharp.Runtime", "Layers");

    /// <summary>Every class declared in Runtime/ShapeSharp.Runtime/Layers, by name (Layer&lt;T&gt; as "LayerAttribute`1").</summary>
    public static Dictionary<string, AttributeClass> Read(string root)
    {
        var classes = new Dictionary<string, AttributeClass>();
        foreach (var file in Directory.GetFiles(LayersDirectory(root), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse));
            foreach (var type in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var name = type.Identifier.ValueText + (type.TypeParameterList is null ? "" : "`" + type.TypeParameterList.Parameters.Count);
                var constructors = type.Members.OfType<ConstructorDeclarationSyntax>()
                    .Select(c => new Constructor(
                        "(" + string.Join(", ", c.ParameterList.Parameters.Select(p => p.ToString())) + ")",
                        c.ParameterList.Parameters.Select(p => (p.Identifier.ValueText, Param(c, p.Identifier.ValueText))).ToList(),
                        Summary(c)))
                    .ToList();
                var options = type.Members.OfType<PropertyDeclarationSyntax>()
                    .Where(p => p.Modifiers.Any(SyntaxKind.PublicKeyword) && p.AccessorList?.Accessors.Any(a => a.IsKind(SyntaxKind.SetAccessorDeclaration)) == true)
                    .Select(p => new Option(p.Identifier.ValueText, p.Type.ToString(), Default(p), Summary(p)))
                    .ToList();
                classes[name] = new AttributeClass(name, type.BaseList?.Types.First().Type.ToString(), Summary(type), constructors, options);
            }
        }

        return classes;
    }

    public static string Markdown(string root)
    {
        var classes = Read(root);
        var text = new StringBuilder();
        text.Append("# Layer reference\n\n");
        text.Append("<!-- Generated from the layer catalogue and the attribute classes by LayerReferenceTests; SHAPESHARP_ACCEPT=1 rewrites it. Do not edit. -->\n\n");
        text.Append("Every layer attribute, in the order of the catalogue. Each takes `Name = \"...\"` (its state-dict name; by default its index in the stack). ");
        text.Append("A layer whose input size is inferred also takes `In = n`, which states it and is checked (SS0001). ");
        text.Append("`Kernel`, `Stride`, `Padding`, `Dilation` and `OutputPadding` take one int for every spatial axis or an `int[]` with one per axis (`Kernel = new[] { 3, 1 }`); ");
        text.Append("a convolution's `Padding` also takes `\"same\"` (Stride 1 only) and `\"valid\"`, as in PyTorch. ");
        text.Append("Sizes may be symbols (`Linear(\"hidden\")`), which become constructor parameters. ");
        text.Append("Every example below is compiled, run and snapshotted by the tests.\n\n");
        text.Append(string.Join(" · ", LayerCatalog.Documented.Select(e => $"[{e.Kind}](#{e.Kind.ToLowerInvariant()})"))).Append("\n");

        foreach (var (kind, doc) in LayerCatalog.Documented)
        {
            var type = classes[kind == "Layer" ? "LayerAttribute`1" : kind + "Attribute"];
            text.Append("\n## ").Append(kind).Append("\n\n");
            text.Append(type.Summary).Append("\n\n");
            var display = kind == "Layer" ? "Layer<TModel>" : kind;
            var forms = type.Constructors.Count == 0 ? new[] { $"`[{display}]`" } : type.Constructors.Select(c => $"`[{display}{(c.Signature == "()" ? "" : c.Signature)}]`").ToArray();
            text.Append("- **Forms:** ").Append(string.Join(", ", forms)).Append('\n');
            foreach (var (name, paramDoc) in type.Constructors.SelectMany(c => c.Parameters).GroupBy(p => p.Name).Select(g => g.First()))
            {
                text.Append("  - `").Append(name).Append("`: ").Append(paramDoc).Append('\n');
            }

            text.Append("- **Shape:** ").Append(doc.Shape).Append('\n');
            text.Append("- **PyTorch:** ").Append(doc.PyTorch).Append('\n');
            text.Append("- **State dict:** ").Append(doc.StateDict).Append('\n');
            text.Append("- **Under [MixedPrecision]:** ").Append(PrecisionText(LayerCatalog.Find(kind)!.Precision)).Append("\n\n");
            var options = Options(type, classes).ToList();
            if (options.Count > 0)
            {
                text.Append("| option | type | default | meaning |\n|---|---|---|---|\n");
                foreach (var option in options)
                {
                    text.Append($"| `{option.Name}` | {TypeText(option.Type)} | {option.Default} | {option.Summary.Replace("|", "\\|")} |\n");
                }

                text.Append('\n');
            }

            text.Append("```csharp\n").Append(doc.Model(kind + "Example")).Append("\n```\n");
        }

        return text.ToString();
    }

    /// <summary>The class's options and its bases' (nearest first), without the Name every layer takes.</summary>
    private static IEnumerable<Option> Options(AttributeClass type, Dictionary<string, AttributeClass> classes)
    {
        for (var current = type; current is not null; current = current.Base is { } b && classes.TryGetValue(b, out var next) ? next : null)
        {
            foreach (var option in current.Options.Where(o => o.Name != "Name"))
            {
                yield return option.Name == "In" ? option with { Default = "inferred" } : option;
            }
        }
    }

    private static string TypeText(string type) => type switch
    {
        "object" or "object?" => "int or int[]",
        "string?" => "string",
        _ => type,
    };

    private static string Default(PropertyDeclarationSyntax property)
    {
        if (property.Initializer is { } initializer)
        {
            return "`" + initializer.Value + "`";
        }

        if (Summary(property).Contains("required", StringComparison.Ordinal))
        {
            return "required";
        }

        return property.Type.ToString() switch
        {
            "bool" => "`false`",
            "int" or "double" => "`0`",
            _ => "—",
        };
    }

    private static DocumentationCommentTriviaSyntax? Comment(SyntaxNode node) =>
        node.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().FirstOrDefault();

    /// <summary>The XML summary as one line of Markdown; empty when there is none.</summary>
    public static string Summary(SyntaxNode node) => Element(Comment(node), "summary", null);

    public static string Param(SyntaxNode node, string name) => Element(Comment(node), "param", name);

    private static string Element(DocumentationCommentTriviaSyntax? comment, string tag, string? name)
    {
        var element = comment?.Content.OfType<XmlElementSyntax>().FirstOrDefault(e => e.StartTag.Name.ToString() == tag
            && (name is null || e.StartTag.Attributes.OfType<XmlNameAttributeSyntax>().Any(a => a.Identifier.Identifier.ValueText == name)));
        if (element is null)
        {
            return string.Empty;
        }

        var text = string.Concat(element.Content.Select(Inline));
        return Regex.Replace(text, @"\s+", " ").Trim();
    }

    private static string Inline(XmlNodeSyntax node) => node switch
    {
        XmlTextSyntax t => string.Concat(t.TextTokens.Select(k => k.IsKind(SyntaxKind.XmlTextLiteralNewLineToken) ? " " : k.ValueText)),
        XmlElementSyntax { StartTag.Name: var n } e when n.ToString() == "c" => "`" + string.Concat(e.Content.Select(Inline)) + "`",
        XmlElementSyntax e => string.Concat(e.Content.Select(Inline)),
        XmlEmptyElementSyntax e => e.Attributes.OfType<XmlCrefAttributeSyntax>().Select(a => "`" + a.Cref + "`").FirstOrDefault() ?? string.Empty,
        _ => node.ToString(),
    };

    private static string PrecisionText(LayerPrecision precision) => precision switch
    {
        LayerPrecision.Low => "runs in the compute type (bfloat16 or float16), its float32 weights cast at each call",
        LayerPrecision.Full => "runs in float32: a low-precision input is cast back first",
        _ => "runs in the dtype of its input",
    };
}
