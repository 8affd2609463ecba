using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// The generator's diagnostics obey the user's suppressions like any compiler warning: a
/// `#pragma warning disable` around the declaration, and a per-file .editorconfig severity (which
/// the compiler hands over as the compilation's <see cref="SyntaxTreeOptionsProvider"/>).
/// </summary>
public class SuppressionTests
{
    private const string SoftmaxBeforeCrossEntropy = """
        using ShapeSharp;
        [Input("B, 4")]
        [Linear(3), Softmax]
        [CrossEntropyLoss]
        public partial class M;
        """;

    private static Diagnostic[] Reported(Compilation compilation) =>
        GeneratorHarness.Run(compilation, GeneratorHarness.Driver()).Diagnostics.Where(d => !d.IsSuppressed).ToArray();

    [Fact]
    public void Without_a_suppression_the_warning_is_reported_in_the_users_tree()
    {
        var compilation = GeneratorHarness.Compilation(SoftmaxBeforeCrossEntropy);
        var diagnostic = Assert.Single(Reported(compilation));
        Assert.Equal("SS0011", diagnostic.Id);
        Assert.Same(compilation.SyntaxTrees.Single(), diagnostic.Location.SourceTree);
    }

    [Fact]
    public void Pragma_warning_disable_silences_it()
    {
        var compilation = GeneratorHarness.Compilation("#pragma warning disable SS0011\n" + SoftmaxBeforeCrossEntropy);
        Assert.Empty(Reported(compilation));
    }

    [Fact]
    public void Pragma_for_another_id_does_not()
    {
        var compilation = GeneratorHarness.Compilation("#pragma warning disable SS0012\n" + SoftmaxBeforeCrossEntropy);
        Assert.Equal("SS0011", Assert.Single(Reported(compilation)).Id);
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress, null)]
    [InlineData(ReportDiagnostic.Error, DiagnosticSeverity.Error)]
    public void Editorconfig_severity_applies(ReportDiagnostic configured, DiagnosticSeverity? expected)
    {
        var compilation = GeneratorHarness.Compilation(SoftmaxBeforeCrossEntropy);
        compilation = compilation.WithOptions(((CSharpCompilationOptions)compilation.Options)
            .WithSyntaxTreeOptionsProvider(new PerFileSeverity("SS0011", configured)));
        var reported = Reported(compilation);
        Assert.Equal(expected, reported.SingleOrDefault()?.Severity);
    }

    /// <summary>What `dotnet_diagnostic.SS0011.severity = ...` in an .editorconfig section becomes for the files it matches.</summary>
    private sealed class PerFileSeverity(string id, ReportDiagnostic severity) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = severity;
            return diagnosticId == id && tree.FilePath.StartsWith("/src/", System.StringComparison.Ordinal);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic value)
        {
            value = default;
            return false;
        }
    }
}
