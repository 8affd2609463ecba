using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>SS0099: an internal failure in a stage becomes a warning on the model, never a crashed build.</summary>
public class GuardTests
{
    private const string Source = """
        using ShapeSharp;
        [Input("B, 4")]
        [Linear(2)]
        public partial class M;
        """;

    private static ModelSpec Spec()
    {
        var run = GeneratorHarness.Run(Source);
        var step = run.Driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.ModelSpecs].Single();
        return (ModelSpec)step.Outputs.Single().Value;
    }

    [Fact]
    public void SS0099_a_failing_shape_check_is_a_warning_at_the_class_name()
    {
        var model = Pipeline.Check(Spec(), _ => throw new InvalidOperationException("boom"));
        Assert.False(model.CanEmit);
        var diagnostic = model.Diagnostics.Single().ToDiagnostic();
        Assert.Equal("SS0099", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "ShapeSharp could not process model 'M' while checking shapes: InvalidOperationException: boom. Its generated members throw this message; please report it with the model's source.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var span = diagnostic.Location.SourceSpan;
        Assert.Equal("M", Source.Substring(span.Start, span.Length));
        Assert.Equal(Source.IndexOf("class M", StringComparison.Ordinal) + "class ".Length, span.Start);
    }

    [Fact]
    public void SS0099_a_failing_emitter_reports_instead_of_throwing()
    {
        var model = Pipeline.Check(Spec());
        var source = Pipeline.Emit(model, _ => throw new IndexOutOfRangeException("index"));
        var diagnostic = source.Failure!.ToDiagnostic();
        Assert.Equal("SS0099", diagnostic.Id);
        Assert.Contains("model 'M' while emitting code: IndexOutOfRangeException: index", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        // The fallback code stands in, so the user's own uses of the model still compile.
        var user = "class Use { static string S() => new M().Summary(); }";
        var compilation = GeneratorHarness.Compilation(Source, source.Text!, user);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("while emitting code: IndexOutOfRangeException: index", source.Text);
    }
}
