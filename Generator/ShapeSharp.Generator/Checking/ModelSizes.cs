using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// Which symbols of a model are sizes (chosen when it is built: constructor parameters) and which
/// are free dims of its inputs (any value at run time). A layer argument naming a symbol
/// (<c>Linear("D")</c>) or [Input]'s Sizes = makes it a size; every other symbol of [Input] is free.
/// </summary>
internal static class ModelSizes
{
    /// <summary>Text arguments that name something other than a size.</summary>
    private static readonly HashSet<string> NotSizes = new() { "Name", "TiedTo", "Model" };

    /// <summary>Named options whose text is a size (others, such as Padding = "same", are modes).</summary>
    private static readonly HashSet<string> SizeOptions = new() { "Sizes", "Stride", "Dilation", "Groups" };

    public static HashSet<string> Of(ModelSpec spec)
    {
        var sizes = new HashSet<string>(spec.Inputs.SelectMany(i => i.Sizes), System.StringComparer.Ordinal);
        sizes.UnionWith(Named(spec));
        return sizes;
    }

    /// <summary>The symbols the layer arguments name as sizes ("D", or inside "D / Heads"), in order of first use.</summary>
    public static List<string> Named(ModelSpec spec)
    {
        var named = new List<string>();
        foreach (var layer in spec.Layers.Concat(spec.Blocks.SelectMany(b => b.Layers)))
        {
            foreach (var arg in layer.Args)
            {
                // Sizes are constructor arguments (Linear("D")), a sub-model's Sizes = or a size option (Stride = "S"); other named text is a mode (Padding = "same").
                if (arg.Value.Kind != ArgKind.Text || NotSizes.Contains(arg.Name) || !arg.Positional && !SizeOptions.Contains(arg.Name) || arg.Value.Text is not { } text)
                {
                    continue;
                }

                // A sub-model's Sizes = "Out = C / 2": the caller's sizes are on the right of each '='.
                var expressions = layer.Kind == "Layer" && arg.Name == "Sizes"
                    ? Assignments(text).Select(a => a.Value ?? a.Name)
                    : new[] { text };
                var symbols = expressions.SelectMany(e => SyntaxFacts.IsValidIdentifier(e.Trim()) ? new[] { e.Trim() }
                    : ShapeParser.ParseSize(e).Size?.Symbols ?? Enumerable.Empty<string>());
                named.AddRange(symbols.Where(s => !named.Contains(s)));
            }
        }

        return named;
    }

    /// <summary>
    /// A sub-model's <c>Sizes = "Out = 128, R = C / 4"</c>: each entry's name and value, both trimmed;
    /// the value is null for an entry without '=' (what the whole entry holds is then the name).
    /// </summary>
    public static IEnumerable<(string Name, string? Value)> Assignments(string text) =>
        text.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).Select(p => p.IndexOf('=') is var equals and >= 0
            ? (p.Substring(0, equals).Trim(), (string?)p.Substring(equals + 1).Trim())
            : (p, null));

    /// <summary>Every symbol the [Input] shapes name, free dims and sizes alike.</summary>
    public static HashSet<string> InputSymbols(ModelSpec spec) =>
        new(spec.Inputs.SelectMany(i => ShapeParser.Parse(i.Shape).Shape?.Dims.SelectMany(d => d.Symbols) ?? Enumerable.Empty<string>()), System.StringComparer.Ordinal);

    /// <summary>A declared input shape with each symbol a size or a free dim.</summary>
    public static Shape Mark(Shape declared, ISet<string> sizes) =>
        new(declared.Dims.Select(d => d.MapSymbols(name => sizes.Contains(name) ? Dim.Symbol(name) : Dim.Free(name))));
}
