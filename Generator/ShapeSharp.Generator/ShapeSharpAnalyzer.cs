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
    private int _modelsChecked;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All;

    /// <summary>How many models this instance has parsed and checked: what an edit costs (tests and benchmarks read it).</summary>
    public int ModelsChecked => System.Threading.Volatile.Read(ref _modelsChecked);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var input = start.Compilation.GetTypeByMetadataName(KnownNames.InputAttribute);
            if (input is null)
            {
                return;
            }

            // One compilation's models, read once each: a sub-model is also read inside every model using it.
            var parsed = new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, Model.ModelSpec>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(symbol => Analyze(symbol, input, parsed), SymbolKind.NamedType);
        });
    }

    private void Analyze(SymbolAnalysisContext context, INamedTypeSymbol input, System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, Model.ModelSpec> parsed)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, input))
            || ModelParser.ModelDeclaration(type, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        System.Threading.Interlocked.Increment(ref _modelsChecked);
        var model = Pipeline.Check(Pipeline.Parse(type, declaration, context.Compilation, context.CancellationToken, parsed));
        foreach (var diagnostic in model.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(context.Compilation));
        }
    }
}
