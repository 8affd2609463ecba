using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Emitting;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Parsing;

namespace ShapeSharp.Generator;

/// <summary>
/// Entry point: syntax -> <see cref="ModelSpec"/> (parse) -> <see cref="CheckedModel"/> (shape
/// inference) -> diagnostics and source, each from its own step. Every model is processed inside
/// a guard: an internal failure becomes SS0099 on that model and never crashes the build.
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
                static (syntax, cancellationToken) => Guard.Parse(syntax, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ModelSpecs);

        var checkedModels = specs
            .Select(static (spec, _) => Guard.Check(spec))
            .WithTrackingName(TrackingNames.CheckedModels);

        var diagnostics = checkedModels
            .Select(static (model, _) => model.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        var sources = checkedModels
            .Where(static model => model.CanEmit)
            .Select(static (model, _) => Guard.Emit(model))
            .WithTrackingName(TrackingNames.Sources);

        // Joined with the compilation only at the last step, to turn values back into tree
        // locations (see LocationInfo.ToLocation(Compilation)); everything before stays cached.
        var failures = sources
            .Where(static source => source.Failure is not null)
            .Select(static (source, _) => new[] { source.Failure! }.ToEquatableArray());
        var reportable = diagnostics.Collect().Combine(failures.Collect()).Combine(context.CompilationProvider);

        context.RegisterSourceOutput(reportable, static (production, input) =>
        {
            var ((models, emitFailures), compilation) = input;
            foreach (var diagnostic in models.Concat(emitFailures).SelectMany(static list => list))
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
            }
        });

        context.RegisterSourceOutput(sources, static (production, source) =>
        {
            if (source.Text is not null)
            {
                production.AddSource(source.HintName, source.Text);
            }
        });
    }

    /// <summary>Turns exceptions inside a stage into SS0099 on the model, so one bad model cannot break the build.</summary>
    internal static class Guard
    {
        public static ModelSpec? Parse(GeneratorAttributeSyntaxContext syntax, System.Threading.CancellationToken cancellationToken)
        {
            try
            {
                return ModelParser.Parse(syntax, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var identifier = syntax.TargetNode is TypeDeclarationSyntax declaration
                    ? LocationInfo.From(declaration.Identifier)
                    : LocationInfo.From(syntax.TargetNode);
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, identifier, "the model declaration while parsing", Describe(exception));
                return new ModelSpec(null, syntax.TargetSymbol.Name, EquatableArray<string>.Empty, EquatableArray<InputSpec>.Empty,
                    EquatableArray<AttributeSpec>.Empty, EquatableArray<AttributeSpec>.Empty, new[] { failure }.ToEquatableArray(), identifier, CanGenerate: false);
            }
        }

        public static CheckedModel Check(ModelSpec spec) => Check(spec, ModelChecker.Check);

        /// <summary>The stage is a parameter so tests can make it fail the way an internal bug would.</summary>
        internal static CheckedModel Check(ModelSpec spec, Func<ModelSpec, CheckedModel> checker)
        {
            try
            {
                return checker(spec);
            }
            catch (Exception exception)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Identifier, $"model '{spec.Name}' while checking shapes", Describe(exception));
                return new CheckedModel(spec.Namespace, spec.Name, spec.HintName, spec.ContainingTypes, EquatableArray<string>.Empty,
                    EquatableArray<InputPlan>.Empty, EquatableArray<LayerPlan>.Empty, "?", "0", null, EquatableArray<TrainingPlan>.Empty,
                    new[] { failure }.ToEquatableArray(), CanEmit: false);
            }
        }

        public static GeneratedSource Emit(CheckedModel model) => Emit(model, ModelEmitter.Emit);

        internal static GeneratedSource Emit(CheckedModel model, Func<CheckedModel, string> emitter)
        {
            try
            {
                return new GeneratedSource(model.HintName, emitter(model), null);
            }
            catch (Exception exception)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, $"model '{model.Name}' while emitting code", Describe(exception));
                return new GeneratedSource(model.HintName, null, failure);
            }
        }

        // The descriptor's message goes on with ". No code was generated": drop the exception's own final period.
        private static string Describe(Exception exception) =>
            exception.GetType().Name + ": " + exception.Message.Replace('\r', ' ').Replace('\n', ' ').TrimEnd('.', ' ');
    }

    internal sealed record GeneratedSource(string HintName, string? Text, DiagnosticInfo? Failure);
}

/// <summary>Names of the incremental steps; tests assert which of them stay cached.</summary>
public static class TrackingNames
{
    public const string ModelSpecs = nameof(ModelSpecs);
    public const string CheckedModels = nameof(CheckedModels);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Sources = nameof(Sources);
}
