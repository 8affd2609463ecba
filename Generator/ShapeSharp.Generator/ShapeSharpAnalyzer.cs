using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Parsing;

namespace ShapeSharp.Generator;

/// <summary>
/// Reports every ShapeSharp diagnostic. It runs the generator's own parse and check stages
/// (<see cref="Pipeline"/>) once per model type, so the IDE shows shape errors as the user types,
/// re-analyses only the models of the edited file, and offers code fixes on them (Roslyn shows
/// generator diagnostics only after a build, and attaches fixes to analyzer diagnostics only).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShapeSharpAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var input = start.Compilation.GetTypeByMetadataName(KnownNames.InputAttribute);
            if (input is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => Analyze(symbol, input), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol input)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, input))
            || ModelParser.ModelDeclaration(type, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        var model = Pipeline.Check(Pipeline.Parse(type, declaration, context.Compilation, context.CancellationToken));
        foreach (var diagnostic in model.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(context.Compilation));
        }
    }
}
