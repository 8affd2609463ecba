using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Diagnostics;

/// <summary>A diagnostic carried as values through the pipeline and reported from its own step.</summary>
/// <param name="Properties">Alternating keys and values handed to code fixes (SS0001 carries the inferred size), so fixes never parse messages.</param>
/// <param name="AdditionalLocations">
/// What the primary location contradicts: a block call's diagnostic sits on the call (where the wrong
/// tensor is passed) and names the layer argument it disagrees with here (Roslyn's additionalLocations).
/// </param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments, EquatableArray<string> Properties = default,
    EquatableArray<LocationInfo> AdditionalLocations = default)
{
    /// <summary>Property key of SS0001: the inferred input size, as C# source (a literal when constant).</summary>
    public const string InferredKey = "Inferred";

    /// <summary>Property key of SS0010 when its cause is a Linear head missing a Flatten (its additional location): the insert-Flatten fix applies.</summary>
    public const string MissingFlattenKey = "MissingFlatten";

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    /// <summary>Moves the diagnostic to <paramref name="primary"/> and keeps where it was as an additional location.</summary>
    public DiagnosticInfo At(LocationInfo primary) =>
        Location is null || Location == primary ? this with { Location = primary }
        : this with { Location = primary, AdditionalLocations = new[] { Location }.Concat(AdditionalLocations).ToEquatableArray() };

    public DiagnosticInfo With(string key, string value) =>
        this with { Properties = Properties.Concat(new[] { key, value }).ToEquatableArray() };

    public Diagnostic ToDiagnostic() => ToDiagnostic(Location?.ToLocation(), AdditionalLocations.Select(l => l.ToLocation()));

    /// <summary>Located in the compilation's own tree, so pragmas and .editorconfig severities apply.</summary>
    public Diagnostic ToDiagnostic(Compilation compilation) =>
        ToDiagnostic(Location?.ToLocation(compilation), AdditionalLocations.Select(l => l.ToLocation(compilation)));

    private Diagnostic ToDiagnostic(Location? location, IEnumerable<Location> additional)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        for (var i = 0; i + 1 < Properties.Count; i += 2)
        {
            properties = properties.SetItem(Properties[i], Properties[i + 1]);
        }

        return Diagnostic.Create(Descriptor, location, additional, properties, messageArgs: Arguments.ToArray<object?>());
    }
}
