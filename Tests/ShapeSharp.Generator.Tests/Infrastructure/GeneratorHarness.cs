using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>What one build of the sources produced: the generator's code and the diagnostics the user sees.</summary>
/// <param name="Sources">Hint name to generated text.</param>
/// <param name="Diagnostics">
/// What the build reports for ShapeSharp: the analyzer's diagnostics on the compilation with the
/// generated code added (as the compiler runs it), plus the generator's own (its SS0099 at most).
/// Suppressed ones (pragma, .editorconfig) are left out, as the build leaves them out.
/// </param>
/// <param name="GeneratorDiagnostics">The generator's own diagnostics.</param>
/// <param name="Output">The compilation with the generated sources added.</param>
public sealed record GeneratorRun(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    Compilation Output,
    GeneratorDriver Driver)
{
    /// <summary>The single generated file (fails when there is not exactly one).</summary>
    public string Source => Assert.Single(Sources).Value;

    /// <summary>Compiler diagnostics of the output compilation at warning or above.</summary>
    public ImmutableArray<Diagnostic> CompilerProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>
    /// The build shows the SS diagnostics and nothing else: the generator reports none of them
    /// (the analyzer does), and the code it generated, for a model with errors too, compiles
    /// without a compiler error or warning.
    /// </summary>
    public void AssertNoNoise()
    {
        Assert.Empty(GeneratorDiagnostics);
        var problems = CompilerProblems;
        Assert.True(problems.IsEmpty, "Compiler noise beside the SS diagnostics:\n" + string.Join("\n", problems) + "\n\n" + string.Join("\n\n", Sources.Values));
    }
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
        var result = (run ?? (source => Run(source)))(markup.Source);
        var diagnostic = Assert.Single(result.Diagnostics);
        result.AssertNoNoise();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        AssertAdditional(markup, diagnostic);
        return diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The diagnostic names the span marked <c>{|...|}</c> as its one additional location, or none when nothing is marked.</summary>
    public static void AssertAdditional(Markup markup, Diagnostic diagnostic)
    {
        if (markup.Additional is { } additional)
        {
            var location = Assert.Single(diagnostic.AdditionalLocations);
            Assert.Equal(additional, location.SourceSpan);
            Assert.NotNull(location.SourceTree);
        }
        else
        {
            Assert.Empty(diagnostic.AdditionalLocations);
        }
    }

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver driver)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var analyzed = Analyze(output);
        return new GeneratorRun(sources, analyzed.AddRange(result.Diagnostics), result.Diagnostics, output, driver);
    }

    /// <summary>The analyzer's diagnostics as the build reports them (pragmas and severities applied; no analyzer exception tolerated).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        var failures = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => failures.Add(exception),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ShapeSharpAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.Empty(failures);
        return diagnostics.Where(d => !d.IsSuppressed).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
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
