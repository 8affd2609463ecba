using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Layers;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>The layer catalogue's examples (the ones docs/layers.md shows) as sources the tests build and run.</summary>
public static class LayerExamples
{
    public const string Usings = """
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Examples;

        """;

    /// <summary>What the examples' free dims are bound to when they run.</summary>
    public static readonly IReadOnlyDictionary<string, long> Symbols = new Dictionary<string, long> { ["B"] = 2, ["T"] = 6 };

    public static IEnumerable<object[]> Kinds => LayerCatalog.Documented.Select(e => new object[] { e.Kind });

    internal static LayerDoc Doc(string kind) => LayerCatalog.Documented.Single(e => e.Kind == kind).Doc;

    /// <summary>The example's model class name.</summary>
    public static string ClassName(string kind) => kind + "Example";

    public static string Source(string kind) => Usings + Doc(kind).Model(ClassName(kind)) + "\n";

    /// <summary>Every example in one compilation (the names do not collide).</summary>
    public static string[] All() => LayerCatalog.Documented.Select(e => Source(e.Kind)).ToArray();
}
