using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Diagnostics;

/// <summary>A diagnostic carried as values through the pipeline and reported from its own step.</summary>
/// <param name="Properties">Alternating keys and values handed to code fixes (SS0001 carries the inferred size), so fixes never parse messages.</param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments, EquatableArray<string> Properties = default)
{
    /// <summary>Property key of SS0001: the inferred input size, as C# source (a literal when constant).</summary>
    public const string InferredKey = "Inferred";

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public DiagnosticInfo With(string key, string value) =>
        this with { Properties = System.Linq.Enumerable.Concat(Properties, new[] { key, value }).ToEquatableArray() };

    public Diagnostic ToDiagnostic() => ToDiagnostic(Location?.ToLocation());

    /// <summary>Located in the compilation's own tree, so pragmas and .editorconfig severities apply.</summary>
    public Diagnostic ToDiagnostic(Compilation compilation) => ToDiagnostic(Location?.ToLocation(compilation));

    private Diagnostic ToDiagnostic(Location? location)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        for (var i = 0; i + 1 < Properties.Count; i += 2)
        {
            properties = properties.SetItem(Properties[i], Properties[i + 1]);
        }

        return Diagnostic.Create(Descriptor, location, properties, messageArgs: System.Linq.Enumerable.ToArray<object?>(Arguments));
    }
}
