using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// The analyzer as the IDE and the build host it: per model, per document, under the project's
/// diagnostic options, with the generator's own output in the compilation.
/// </summary>
public class AnalyzerTests
{
    private const string Wrong = """
        using ShapeSharp;
        namespace Demo;
        [Input("B, 1, 28, 28")]
        [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Flatten, Linear(10, In = 100)]
        public partial class Wrong;
        """;

    private const string Warned = """
        using ShapeSharp;
        namespace Demo;
        [Input("B, 4")]
        [Linear(3), Softmax]
        [CrossEntropyLoss]
        public partial class Warned;
        """;

    private const string Other = """
        using ShapeSharp;
        namespace Demo;
        [Input("B, 8")]
        [Linear(4), Linear(2, In = 3)]
        public partial class Other;
        """;

    [Fact]
    public async System.Threading.Tasks.Task Analysing_one_document_checks_the_models_declared_in_it_only()
    {
        var run = GeneratorHarness.Run(Wrong, Other, Warned);
        var analyzer = new ShapeSharpAnalyzer();
        var document = run.Output.SyntaxTrees.First();
        var diagnostics = await run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer))
            .GetAnalyzerSemanticDiagnosticsAsync(run.Output.GetSemanticModel(document), null, default);

        Assert.Equal(1, analyzer.ModelsChecked);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SS0001", diagnostic.Id);
        Assert.Same(document, diagnostic.Location.SourceTree);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_whole_project_checks_each_model_once_and_no_generated_code()
    {
        var run = GeneratorHarness.Run(Wrong, Other, Warned);
        var analyzer = new ShapeSharpAnalyzer();
        var diagnostics = await run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(3, analyzer.ModelsChecked);
        Assert.Equal(new[] { "SS0001", "SS0001", "SS0011" }, diagnostics.Select(d => d.Id).OrderBy(i => i).ToArray());
        Assert.All(diagnostics, d => Assert.StartsWith("/src/", d.Location.SourceTree!.FilePath));
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void NoWarn_removes_a_warning_and_TreatWarningsAsErrors_makes_it_an_error()
    {
        var compilation = GeneratorHarness.Compilation(Warned);
        var silenced = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("SS0011", ReportDiagnostic.Suppress)));
        Assert.Empty(GeneratorHarness.Run(silenced, GeneratorHarness.Driver()).Diagnostics);

        var strict = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        var diagnostic = Assert.Single(GeneratorHarness.Run(strict, GeneratorHarness.Driver()).Diagnostics);
        Assert.Equal(("SS0011", DiagnosticSeverity.Error, true), (diagnostic.Id, diagnostic.Severity, diagnostic.IsWarningAsError));
    }

    [Fact]
    public void Every_descriptor_is_declared_supported_once()
    {
        var ids = new ShapeSharpAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Contains("SS0001", ids);
        Assert.Contains("SS0022", ids);
        Assert.Contains("SS0099", ids);
    }
}
