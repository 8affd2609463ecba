using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing, and its values hold no compiler objects.</summary>
public class IncrementalTests
{
    private static readonly string[] Steps = { TrackingNames.ModelSpecs, TrackingNames.CheckedModels, TrackingNames.Sources };

    private const string Model = """
        using ShapeSharp;
        namespace Demo;
        [Input("B, 1, 28, 28")]
        [Conv2d(8, Kernel = 3), ReLU, MaxPool2d(2), Flatten, Linear(10)]
        [CrossEntropyLoss, Adam]
        public partial class Cnn;
        """;

    [Fact]
    public void An_edit_in_an_unrelated_file_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation(Model, "namespace Demo; public class Other { }");
        var first = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int Added => 1; }", GeneratorHarness.ParseOptions, other.FilePath));
        var second = GeneratorHarness.Run(edited, first.Driver);

        var result = second.Driver.GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} was {o.Reason}"));
        }

        Assert.Equal(first.Source, second.Source);
    }

    [Fact]
    public void An_edit_to_the_model_reruns_it()
    {
        var compilation = GeneratorHarness.Compilation(Model);
        var first = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Model.Replace("Linear(10)", "Linear(12)"), GeneratorHarness.ParseOptions, tree.FilePath));
        var second = GeneratorHarness.Run(edited, first.Driver);
        var sources = second.Driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Sources].SelectMany(s => s.Outputs);
        Assert.Contains(sources, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("[B, 12]", second.Source);
    }

    [Fact]
    public void Pipeline_values_hold_no_symbols_or_syntax()
    {
        var run = GeneratorHarness.Run(Model);
        var result = run.Driver.GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                NoSymbolsWalker.AssertClean(output.Value, step);
            }
        }
    }
}
