using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ShapeSharp.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Runs a fix through Microsoft.CodeAnalysis.Testing: the markup in <c>before</c> must match the
/// analyzer's diagnostics exactly (id and span), the fix must produce <c>after</c> exactly, after
/// which no diagnostic may remain; Fix All in document, project and solution scope is checked too.
/// </summary>
public static class Verify
{
    public static Task Fix<TFix>(string before, string after, string? equivalenceKey = null, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new WithGenerator<TFix>
        {
            TestCode = before,
            FixedCode = after,
            CodeActionEquivalenceKey = equivalenceKey,
            // One Fix All pass must fix every diagnostic (BatchFixer applies them all at once).
            NumberOfFixAllIterations = 1,
            // No reference-assembly package (that would be fetched from NuGet at test time): the
            // sources compile against what this test process runs on, listed below.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(References.Value);
        test.ExpectedDiagnostics.AddRange(expected);
        // The generated code compiles with the sources, as in a build; only its text is not compared here.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test.RunAsync();
    }

    /// <summary>The analyzer's view of the compilation includes the generator's output, as in a build and an IDE.</summary>
    private sealed class WithGenerator<TFix> : CSharpCodeFixTest<ShapeSharp.Generator.ShapeSharpAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(ShapeSharp.Generator.ShapeSharpGenerator) };
    }

    /// <summary>
    /// The test process's platform assemblies plus ShapeSharp.Runtime (the attributes) and TorchSharp,
    /// as Tests/ShapeSharp.Generator.Tests' TestReferences does; one shared set, since reading
    /// ~200 assemblies' metadata per test would dominate the run.
    /// </summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append(typeof(InputAttribute).Assembly.Location).Append(typeof(TorchSharp.torch).Assembly.Location))
        {
            paths[Path.GetFileNameWithoutExtension(path)] = path;
        }

        // Test sources must bind to ShapeSharp's attributes, never to types of this test assembly.
        paths.Remove(typeof(Verify).Assembly.GetName().Name!);
        return paths.Values.Order(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });
}
