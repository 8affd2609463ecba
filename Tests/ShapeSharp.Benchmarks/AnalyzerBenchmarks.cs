using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Generator;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// ShapeSharpAnalyzer over the Definitions project with the generator's output added, as the
/// compiler and the IDE run it: the whole project on a fresh compilation (Cold), on one whose
/// declarations are already bound (what a build or an open IDE has: the analyzer's own cost), and
/// one document (what the IDE re-analyses as the user types in a model's file).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private DefinitionsCompilation _definitions = null!;
    private ImmutableArray<SyntaxTree> _generated;
    private Compilation _bound = null!;
    private SyntaxTree _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definitions = new DefinitionsCompilation();
        var driver = DefinitionsCompilation.NewDriver().RunGenerators(_definitions.Create());
        _generated = driver.GetRunResult().GeneratedTrees;
        _bound = Fresh(bound: true);
        _document = _bound.SyntaxTrees.Single(t => Path.GetFileName(t.FilePath) == "GptMini.cs");
        var (diagnostics, checkedModels) = Analyze(Fresh(bound: false));
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || checkedModels < 10)
        {
            throw new InvalidOperationException($"{checkedModels} models checked, errors: {string.Join("; ", diagnostics)}");
        }
    }

    private Compilation Fresh(bool bound)
    {
        var compilation = _definitions.Create(_definitions.Trees.Concat(_generated));
        if (bound)
        {
            compilation.GetDeclarationDiagnostics();
        }

        return compilation;
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, int Checked) Analyze(Compilation compilation)
    {
        var analyzer = new ShapeSharpAnalyzer();
        var diagnostics = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return (diagnostics, analyzer.ModelsChecked);
    }

    /// <summary>The analyzer's own time in a whole-project run, as Roslyn's analyzer telemetry measures it (what it adds to a build).</summary>
    private static TimeSpan OwnTime(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var run = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return run.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime;
    }

    /// <summary>
    /// An analyzer that registers the same symbol action and does nothing: a run with it costs what
    /// the analyzer driver costs (it compiles every method body to raise its events), which the
    /// build pays anyway; the difference to ShapeSharp's run is ShapeSharp's.
    /// </summary>
    // Never loaded by a compiler: RS1036/RS1041 (shipping rules) and RS2008 (release tracking) do not apply.
#pragma warning disable RS1036, RS1041, RS2008, RS1026
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NothingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("NO0001", "never", "never", "none", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1036, RS1041, RS2008, RS1026

    [Benchmark(Baseline = true)]
    public int Cold() => Analyze(Fresh(bound: false)).Checked;

    [Benchmark]
    public int BindDeclarations() => Fresh(bound: true).GetDeclarationDiagnostics().Length;

    [Benchmark]
    public int OneDocument() => OneDocument(_bound, _document);

    private static int OneDocument(Compilation compilation, SyntaxTree document)
    {
        var analyzer = new ShapeSharpAnalyzer();
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer))
            .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(document), null, default).GetAwaiter().GetResult();
        return analyzer.ModelsChecked;
    }

    /// <summary>`-- analyzer [runs]`: the first run in the process, then cold, on bound declarations and one document alternated.</summary>
    public static int Alternate(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var benchmark = new AnalyzerBenchmarks();
        var clock = Stopwatch.StartNew();
        benchmark.Setup();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Analyzer over Definitions ({benchmark._definitions.Trees.Length} files, {benchmark._generated.Length} models): setup with the first run in the process {clock.Elapsed.TotalMilliseconds:F0} ms (JIT included)"));
        var fresh = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ => benchmark.Fresh(bound: false)));
        var bound = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ => benchmark.Fresh(bound: true)));
        var documents = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ => benchmark.Fresh(bound: true)));
        var checkedInDocument = 0;
        var nothing = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ => benchmark.Fresh(bound: false)));
        var owned = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ => benchmark.Fresh(bound: false)));
        var compiled = new System.Collections.Generic.Queue<Compilation>(Enumerable.Range(0, runs + 3).Select(_ =>
        {
            var compilation = benchmark.Fresh(bound: false);
            compilation.GetDiagnostics();
            return compilation;
        }));
        var own = new System.Collections.Generic.List<double>();
        var ownCompiled = new System.Collections.Generic.List<double>();
        Alternated.Run("Analyzer", runs, warmup: 3,
            ("Cold", () => Analyze(fresh.Dequeue())),
            ("NothingAnalyzer", () => nothing.Dequeue().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NothingAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()),
            ("OwnTime", () => own.Add(OwnTime(owned.Dequeue(), new ShapeSharpAnalyzer()).TotalMilliseconds)),
            ("OwnTimeCompiled", () => ownCompiled.Add(OwnTime(compiled.Dequeue(), new ShapeSharpAnalyzer()).TotalMilliseconds)),
            ("ColdOnBound", () => Analyze(bound.Dequeue())),
            ("OneDocument", () =>
            {
                var compilation = documents.Dequeue();
                checkedInDocument = OneDocument(compilation, compilation.SyntaxTrees.Single(t => Path.GetFileName(t.FilePath) == "GptMini.cs"));
            }),
            ("BindDeclarations", () => benchmark.BindDeclarations()));
        Console.WriteLine($"  OneDocument (GptMini.cs) checked {checkedInDocument} model(s)");
        foreach (var (what, times) in new[] { ("a cold whole-project run", own), ("a run on a compilation the compiler has compiled (what a build or an open IDE has bound already)", ownCompiled) })
        {
            var sorted = times.Skip(3).OrderBy(t => t).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ShapeSharpAnalyzer's own execution time in {what} (Roslyn telemetry): min {sorted[0]:F1} ms, median {sorted[sorted.Count / 2]:F1} ms"));
        }
        return 0;
    }
}
