using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>The metadata references every harness compilation is built against.</summary>
public static class TestReferences
{
    // Reading ~200 assemblies' metadata per test would dominate test time; MetadataReference is
    // immutable and Roslyn caches symbols per reference object, so one shared set is both fast and safe.
    private static readonly Lazy<ImmutableArray<MetadataReference>> all = new(Create);

    /// <summary>
    /// The test process's trusted platform assemblies (the same framework and packages the generated
    /// code will run against), plus ShapeSharp.Runtime and TorchSharp, minus this test assembly.
    /// </summary>
    public static ImmutableArray<MetadataReference> All => all.Value;

    private static ImmutableArray<MetadataReference> Create()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        // Explicit so the references exist even under a host whose TPA list omits app assemblies.
        foreach (var path in new[] { typeof(InputAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location })
        {
            paths[Path.GetFileNameWithoutExtension(path)] = path;
        }

        // Test sources often declare names the tests also use (CS0436 "conflicts with imported type"
        // would be a warning in every such compilation), and generated code must never depend on test code.
        paths.Remove(typeof(TestReferences).Assembly.GetName().Name!);

        return paths.Values
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
