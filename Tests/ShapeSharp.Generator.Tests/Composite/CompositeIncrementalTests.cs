using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>Editing a hand-written forward re-checks only that model; the parsed forward holds no compiler objects.</summary>
public class CompositeIncrementalTests
{
    private static string Model(string name, string body) => CompositeSources.Usings + $$"""
        namespace Demo;

        [Input("B, T, 32")]
        public partial class {{name}}
        {
            [LayerNorm, Linear(32)] private partial Tensor Block(Tensor x);

            public override Tensor forward(Tensor x)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public void Editing_one_forward_body_rechecks_only_that_model()
    {
        var compilation = GeneratorHarness.Compilation(Model("First", "return x + Block(x);"), Model("Second", "return x + Block(x);"));
        var first = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());
        Assert.Empty(first.Diagnostics);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Model("First", "return Block(x) * 2 + x;"), GeneratorHarness.ParseOptions, tree.FilePath));
        var second = GeneratorHarness.Run(edited, first.Driver);

        var steps = second.Driver.GetRunResult().Results.Single().TrackedSteps;
        var specs = steps[TrackingNames.ModelSpecs].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, specs.Count);
        Assert.Single(specs, o => o.Reason == IncrementalStepRunReason.Modified);

        // The edited model is checked again (its result happens to be equal: Unchanged); the other is not run at all.
        var checkedModels = steps[TrackingNames.CheckedModels].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, checkedModels.Count);
        Assert.Single(checkedModels, o => o.Reason == IncrementalStepRunReason.Cached);
        Assert.Single(checkedModels, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Editing_a_method_forward_never_calls_rechecks_nothing()
    {
        // A Generate path beside forward: not read by the parser, so editing it leaves the spec equal.
        // After forward, so the edit moves no span the spec records.
        static string WithGenerate(string body)
        {
            var source = Model("Lm", "return Twice(Block(x));").Replace(
                "public override Tensor forward", "private Tensor Twice(Tensor t) => t * 2;\n    public override Tensor forward", System.StringComparison.Ordinal);
            var end = source.LastIndexOf('}');
            return source[..end] + "    public Tensor Generate(Tensor x) { " + body + " }\n}\n";
        }

        var compilation = GeneratorHarness.Compilation(WithGenerate("return Block(x);"));
        var first = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());
        Assert.Empty(first.Diagnostics);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(WithGenerate("return Block(x).matmul(x);"), GeneratorHarness.ParseOptions, tree.FilePath));
        var second = GeneratorHarness.Run(edited, first.Driver);

        var steps = second.Driver.GetRunResult().Results.Single().TrackedSteps;
        var spec = Assert.Single(steps[TrackingNames.ModelSpecs].SelectMany(s => s.Outputs));
        Assert.True(spec.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"the spec was {spec.Reason}");
        var model = Assert.Single(steps[TrackingNames.CheckedModels].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Cached, model.Reason);
    }

    [Fact]
    public void Composite_pipeline_values_hold_no_symbols_or_syntax()
    {
        var run = GeneratorHarness.Run(CompositeSources.TinyEncoder);
        var result = run.Driver.GetRunResult().Results.Single();
        foreach (var step in new[] { TrackingNames.ModelSpecs, TrackingNames.CheckedModels, TrackingNames.Sources })
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                NoSymbolsWalker.AssertClean(output.Value, step);
            }
        }
    }
}
