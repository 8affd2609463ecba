using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Emitting;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Parsing;

namespace ShapeSharp.Generator;

/// <summary>
/// The stages both hosts run: parse (syntax and symbols -> <see cref="ModelSpec"/>), check (shape
/// inference -> <see cref="CheckedModel"/>, with the diagnostics) and, for the generator, emit.
/// The analyzer reports what check found; the generator only writes code. Each stage is guarded:
/// an internal failure becomes SS0099 on the model and never crashes the build.
/// </summary>
internal static class Pipeline
{
    public static ModelSpec Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, ModelSpec>? parsed = null)
    {
        try
        {
            return ModelParser.Parse(type, declaration, compilation, cancellationToken, parsed);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var identifier = LocationInfo.From(declaration.Identifier);
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, identifier, $"model '{type.Name}' while parsing it", Describe(exception));
            return new ModelSpec(null, type.Name, EquatableArray<string>.Empty, EquatableArray<InputSpec>.Empty,
                EquatableArray<AttributeSpec>.Empty, EquatableArray<AttributeSpec>.Empty, new[] { failure }.ToEquatableArray(), identifier, CanGenerate: false);
        }
    }

    public static CheckedModel Check(ModelSpec spec) => Check(spec, ModelChecker.Check);

    /// <summary>The stage is a parameter so tests can make it fail the way an internal bug would.</summary>
    internal static CheckedModel Check(ModelSpec spec, Func<ModelSpec, CheckedModel> checker)
    {
        try
        {
            return checker(spec) with { Spec = spec };
        }
        catch (Exception exception)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Identifier, $"model '{spec.Name}' while checking shapes", Describe(exception));
            return CheckedModel.Failed(spec, new[] { failure }) with { Spec = spec };
        }
    }

    public static GeneratedSource Emit(CheckedModel model) => Emit(model, ModelEmitter.Emit);

    /// <summary>
    /// The model's code, or, when it has errors (or the emitter failed), the members it would have
    /// with bodies that throw the errors' text: the build then shows the SS diagnostics and nothing else.
    /// </summary>
    internal static GeneratedSource Emit(CheckedModel model, Func<CheckedModel, string> emitter)
    {
        if (!model.Declarable)
        {
            return new GeneratedSource(model.HintName, null, null);
        }

        try
        {
            return new GeneratedSource(model.HintName, model.CanEmit ? emitter(model) : FallbackEmitter.Emit(model, model.Diagnostics), null);
        }
        catch (Exception exception)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, model.Identifier, $"model '{model.Name}' while emitting code", Describe(exception));
            return new GeneratedSource(model.HintName, Fallback(model, failure), failure);
        }
    }

    private static string? Fallback(CheckedModel model, DiagnosticInfo failure)
    {
        try
        {
            return FallbackEmitter.Emit(model, new[] { failure });
        }
        catch (Exception)
        {
            return null;
        }
    }

    // The descriptor's message goes on after the exception's: drop its own final period.
    private static string Describe(Exception exception) =>
        exception.GetType().Name + ": " + exception.Message.Replace('\r', ' ').Replace('\n', ' ').TrimEnd('.', ' ');
}

/// <summary>One model's generated file; <paramref name="Failure"/> is the emitter's own SS0099, the only diagnostic the generator reports.</summary>
internal sealed record GeneratedSource(string HintName, string? Text, DiagnosticInfo? Failure);
