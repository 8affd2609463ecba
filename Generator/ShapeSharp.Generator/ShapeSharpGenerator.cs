using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Parsing;

namespace ShapeSharp.Generator;

/// <summary>
/// Writes each model's code: syntax -> <see cref="ModelSpec"/> (parse) -> checked model (shape
/// inference) -> source, each a cached step. It reports no shape diagnostic:
/// <see cref="ShapeSharpAnalyzer"/> runs the same stages and reports them, which is what editors
/// show as the user types and attach code fixes to. A model with errors still gets code (members
/// that throw the errors' text), so those errors are all the build shows.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ShapeSharpGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.InputAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntax, cancellationToken) => Parse(syntax, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ModelSpecs);

        var checkedModels = specs
            .Select(static (spec, _) => Pipeline.Check(spec))
            .WithTrackingName(TrackingNames.CheckedModels);

        var sources = checkedModels
            .Select(static (model, _) => Pipeline.Emit(model))
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources, static (production, source) =>
        {
            if (source.Text is not null)
            {
                production.AddSource(source.HintName, source.Text);
            }
        });

        // The emitter's own failures, located in the compilation's trees (so pragmas apply); joined
        // with the compilation only here, so every step above stays cached.
        var failures = sources
            .Where(static source => source.Failure is not null)
            .Select(static (source, _) => source.Failure!)
            .Collect()
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(failures, static (production, input) =>
        {
            foreach (var failure in input.Left)
            {
                production.ReportDiagnostic(failure.ToDiagnostic(input.Right));
            }
        });
    }

    private static ModelSpec? Parse(GeneratorAttributeSyntaxContext syntax, System.Threading.CancellationToken cancellationToken)
    {
        if (syntax.TargetSymbol is not INamedTypeSymbol type || syntax.TargetNode is not TypeDeclarationSyntax declaration
            || ModelParser.ModelDeclaration(type, cancellationToken) != declaration)
        {
            return null;
        }

        return Pipeline.Parse(type, declaration, syntax.SemanticModel.Compilation, cancellationToken);
    }
}

/// <summary>Names of the incremental steps; tests assert which of them stay cached.</summary>
public static class TrackingNames
{
    public const string ModelSpecs = nameof(ModelSpecs);
    public const string CheckedModels = nameof(CheckedModels);
    public const string Sources = nameof(Sources);
}
