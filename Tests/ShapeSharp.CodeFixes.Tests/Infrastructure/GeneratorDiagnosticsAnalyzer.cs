using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ShapeSharp.Generator;

namespace ShapeSharp.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Test-only bridge: the code-fix test framework applies fixes to analyzer diagnostics, but
/// ShapeSharp's come from a source generator. This analyzer runs the real generator over the
/// compilation and reports what it reported: same id, severity, message, span and properties.
/// </summary>
/// <remarks>
/// The generator locates its diagnostics by file path (<c>Location.Create(path, span, lines)</c>,
/// LocationKind.ExternalFile), since its cached pipeline holds no syntax trees. The framework only
/// hands in-source diagnostics to a fix, so they are mapped back to the document's tree by path,
/// as the IDE does for external locations (Project.GetDocumentForExternalLocation).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    // The generator's descriptor table is internal; reading it by reflection keeps its ids, titles,
    // severities and help links without widening the generator's visibility. The message becomes
    // "{0}" because a Diagnostic's arguments cannot be read back, only its formatted message.
    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> Descriptors = typeof(ShapeSharpGenerator).Assembly
        .GetType("ShapeSharp.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
        .GetFields()
        .Where(f => f.IsStatic && f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToImmutableDictionary(d => d.Id, d => new DiagnosticDescriptor(
            d.Id, d.Title, "{0}", d.Category, d.DefaultSeverity, d.IsEnabledByDefault, d.Description, d.HelpLinkUri));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.Values.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // The generator runs once per compilation; each tree then reports its own share, which
        // makes the diagnostics local to their document as the framework (and Fix All) expects.
        context.RegisterCompilationStartAction(static start =>
        {
            var run = new Lazy<ImmutableArray<Diagnostic>>(() => RunGenerator(start.Compilation, start.CancellationToken));
            start.RegisterSemanticModelAction(c =>
            {
                foreach (var diagnostic in run.Value.Where(d => d.Location.SourceTree == c.SemanticModel.SyntaxTree))
                {
                    c.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    private static ImmutableArray<Diagnostic> RunGenerator(Compilation compilation, CancellationToken cancellationToken)
    {
        var parseOptions = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        var driver = CSharpGeneratorDriver
            .Create(new[] { new ShapeSharpGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGenerators(compilation, cancellationToken);
        return driver.GetRunResult().Diagnostics
            .Select(d => Diagnostic.Create(Descriptors[d.Id], InSource(d.Location, compilation), d.Severity,
                additionalLocations: null, d.Properties, d.GetMessage(CultureInfo.InvariantCulture)))
            .ToImmutableArray();
    }

    private static Location InSource(Location location, Compilation compilation)
    {
        var path = location.GetLineSpan().Path;
        return location.Kind == LocationKind.ExternalFile && compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path) is { } tree
            ? Location.Create(tree, location.SourceSpan)
            : location;
    }
}
