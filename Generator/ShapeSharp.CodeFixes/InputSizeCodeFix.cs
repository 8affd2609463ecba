using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Diagnostics;

namespace ShapeSharp.CodeFixes;

/// <summary>
/// SS0001 (an explicit <c>In = n</c> disagrees with the inferred size; the diagnostic sits on that
/// argument): set it to the inferred value, or remove it so the size is inferred.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InputSizeCodeFix)), Shared]
public sealed class InputSizeCodeFix : CodeFixProvider
{
    // Constant keys, not the titles: the title of "set" names the value, which differs per diagnostic,
    // and Fix All must still treat every "set" as the same kind of fix.
    public const string SetKey = "SS0001.SetIn";
    public const string RemoveKey = "SS0001.RemoveIn";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SS0001");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is not { } root)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // Only an argument spelled In = ...: at the diagnostic itself (a class-level stack), or, for a
            // block, the argument its call contradicts, which the diagnostic names as an additional location.
            if (InArgument(root, diagnostic) is not { } argument)
            {
                continue;
            }

            // The generator hands the inferred size over as C# source only when it is a constant
            // (a symbolic size has nothing to write), so "set" is offered only then.
            if (diagnostic.Properties.TryGetValue(DiagnosticInfo.InferredKey, out var inferred) && Parse(inferred) is { } value)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Set In to {inferred}", ct => Edits.Replace(context.Document, root, argument, Set(argument, value), ct), SetKey),
                    diagnostic);
            }

            if (argument.Parent is AttributeArgumentListSyntax { Parent: AttributeSyntax attribute } list)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Remove In", ct => Edits.Replace(context.Document, root, attribute, Remove(attribute, list, argument), ct), RemoveKey),
                    diagnostic);
            }
        }
    }

    private static AttributeArgumentSyntax? InArgument(SyntaxNode root, Diagnostic diagnostic) =>
        new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations)
            .Where(l => l.SourceTree == root.SyntaxTree)
            .Select(l => root.FindNode(l.SourceSpan).FirstAncestorOrSelf<AttributeArgumentSyntax>())
            .FirstOrDefault(a => a is { NameEquals.Name.Identifier.ValueText: "In" });

    private static ExpressionSyntax? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var expression = SyntaxFactory.ParseExpression(text!);
        return expression.ContainsDiagnostics ? null : expression;
    }

    private static SyntaxNode Set(AttributeArgumentSyntax argument, ExpressionSyntax value) =>
        argument.WithExpression(value.WithTriviaFrom(argument.Expression));

    /// <summary>
    /// SeparatedSyntaxList.Remove also drops the comma that went with the argument (and the space
    /// after it), so <c>Linear(120, In = 400)</c> becomes <c>Linear(120)</c>; an argument list left
    /// empty goes too (<c>Linear()</c> would read as a mistake).
    /// </summary>
    private static SyntaxNode Remove(AttributeSyntax attribute, AttributeArgumentListSyntax list, AttributeArgumentSyntax argument)
    {
        var arguments = list.Arguments.Remove(argument);
        return arguments.Count == 0
            ? attribute.WithArgumentList(null).WithTrailingTrivia(attribute.GetTrailingTrivia())
            : attribute.WithArgumentList(list.WithArguments(arguments));
    }
}
