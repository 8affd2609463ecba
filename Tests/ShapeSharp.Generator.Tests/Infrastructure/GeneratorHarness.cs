using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>What one generator run produced.</summary>
/// <param name="Sources">Hint name to generated text.</param>
/// <param name="Diagnostics">The generator's own diagnostics.</param>
/// <param name="Output">The compilation with the generated sources added.</param>
public sealed record GeneratorRun(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> Diagnostics,
    Compilation Output,
    GeneratorDriver Driver)
{
    /// <summary>The single generated file (fails when there is not exactly one).</summary>
    public string Source => Assert.Single(Sources).Value;

    /// <summary>Compiler diagnostics of the output compilation at warning or above.</summary>
    public ImmutableArray<Diagnostic> CompilerProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}

/// <summary>
/// Runs the ShapeSharp generator on in-memory sources the way the compiler does, and compiles and
/// loads what it produced so tests can run generated models.
/// </summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Models" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Model{i}.cs")),
            TestReferences.All,
            CompilationOptions);

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            new[] { new ShapeSharpGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(Compilation(sources), Driver());

    /// <summary>
    /// Runs the generator (or <paramref name="run"/>) on source with one span marked <c>[|...|]</c>, asserts a
    /// single diagnostic with ID <paramref name="id"/> exactly on that span, and returns its message
    /// (invariant culture) for the caller's own assertion on the text.
    /// </summary>
    public static string SingleDiagnostic(string marked, string id, Func<string, GeneratorRun>? run = null)
    {
        var markup = Markup.Parse(marked);
        var diagnostic = Assert.Single((run ?? (source => Run(source)))(markup.Source).Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        return diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver driver)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new GeneratorRun(sources, result.Diagnostics, output, driver);
    }

    /// <summary>
    /// Generates, compiles and loads. Fails on any generator diagnostic or compiler warning: generated
    /// code must compile cleanly.
    /// </summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        var run = Run(sources);
        Assert.Empty(run.Diagnostics);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0 && emitted.Success,
            "Generated code does not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + string.Join("\n\n", run.Sources.Values));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
