using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Diagnostics;

/// <summary>A diagnostic carried as values through the pipeline and reported from its own step.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), messageArgs: System.Linq.Enumerable.ToArray<object?>(Arguments));
}
