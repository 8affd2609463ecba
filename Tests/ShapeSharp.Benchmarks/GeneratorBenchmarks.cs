using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Generator;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// The generator over the whole Definitions project: a cold run (a new driver over a new compilation,
/// nothing bound or cached) and a run after an unrelated edit (the driver that has seen the project,
/// over the compilation with one file changed, as the IDE and the compiler server run it): a comment
/// added to a model's file, or a new file with a class that is not a model. A fresh compilation
/// first builds its symbol tables from the references (TorchSharp's metadata is large) when anything
/// binds in it; in a build the compiler needs those tables anyway, so BindDeclarations measures that
/// binding alone, and the alternated mode's ColdOnBound runs a new driver over a fresh compilation
/// whose declarations are already bound (the generator's own cold cost; BenchmarkDotNet would need
/// an iteration setup per call for it, which makes it measure one cold call per iteration).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private DefinitionsCompilation _definitions = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warm = null!;
    private (SyntaxTree Old, SyntaxTree New) _comment;
    private SyntaxTree _unrelated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definitions = new DefinitionsCompilation();
        _compilation = _definitions.Create();
        _warm = DefinitionsCompilation.NewDriver().RunGenerators(_compilation);
        Check(_warm, "the cold run");
        _comment = _definitions.Edit("FashionCnn.cs", text => text + "\n// an edit that changes no model\n");
        _unrelated = CSharpSyntaxTree.ParseText(
            "namespace ShapeSharp.Definitions; public sealed class Unrelated { public int Value { get; set; } }",
            DefinitionsCompilation.ParseOptions, path: "Unrelated.cs");
        Check(EditComment(), "the run after a comment edit");
        Check(AddUnrelatedClass(), "the run after adding a class");
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => DefinitionsCompilation.NewDriver().RunGenerators(_definitions.Create());

    [Benchmark]
    public int BindDeclarations() => _definitions.Create().GetDeclarationDiagnostics().Length;

    private static CSharpCompilation Bound(DefinitionsCompilation definitions)
    {
        var compilation = definitions.Create();
        compilation.GetDeclarationDiagnostics();
        return compilation;
    }

    [Benchmark]
    public GeneratorDriver EditComment() => _warm.RunGenerators(_compilation.ReplaceSyntaxTree(_comment.Old, _comment.New));

    [Benchmark]
    public GeneratorDriver AddUnrelatedClass() => _warm.RunGenerators(_compilation.AddSyntaxTrees(_unrelated));

    /// <summary>
    /// `-- generator [runs]`: the first run in the process (JIT included), then the three runs alternated,
    /// and which incremental steps the edits re-ran.
    /// </summary>
    public static int Alternate(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var definitions = new DefinitionsCompilation();
        var compilation = definitions.Create();
        var clock = Stopwatch.StartNew();
        var first = DefinitionsCompilation.NewDriver().RunGenerators(compilation);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generator over Definitions ({definitions.Trees.Length} files, {first.GetRunResult().GeneratedTrees.Length} models): first run in the process {clock.Elapsed.TotalMilliseconds:F0} ms (JIT of the generator and of Roslyn included)"));
        var benchmark = new GeneratorBenchmarks();
        benchmark.Setup();
        compilation = benchmark._compilation;
        // Bound outside the timed calls: one fresh, bound compilation per ColdOnBound call.
        var bound = new System.Collections.Generic.Queue<CSharpCompilation>(Enumerable.Range(0, runs + 3).Select(_ => Bound(definitions)));
        Alternated.Run("Generator", runs, warmup: 3,
            ("Cold", () => benchmark.Cold()),
            ("ColdOnBound", () => DefinitionsCompilation.NewDriver().RunGenerators(bound.Dequeue())),
            ("BindDeclarations", () => benchmark.BindDeclarations()),
            ("EditComment", () => benchmark.EditComment()),
            ("AddUnrelatedClass", () => benchmark.AddUnrelatedClass()));

        var tracked = DefinitionsCompilation.NewDriver(trackSteps: true).RunGenerators(compilation);
        var edited = tracked.RunGenerators(compilation.ReplaceSyntaxTree(benchmark._comment.Old, benchmark._comment.New));
        foreach (var (name, steps) in edited.GetRunResult().Results.Single().TrackedSteps
                     .Where(s => s.Key is TrackingNames.ModelSpecs or TrackingNames.CheckedModels or TrackingNames.Sources))
        {
            var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}");
            Console.WriteLine($"  after the comment edit, {name}: {string.Join(", ", reasons)}");
        }

        return 0;
    }

    /// <summary>Every Definitions model generated, and no error: a benchmark of a failing run would measure nothing useful.</summary>
    private static void Check(GeneratorDriver driver, string what)
    {
        var result = driver.GetRunResult();
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || result.GeneratedTrees.Length < 6)
        {
            throw new InvalidOperationException(
                $"{what}: {result.GeneratedTrees.Length} sources, errors: {string.Join("; ", errors)}");
        }
    }
}
