using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShapeSharp.CodeFixes;

/// <summary>
/// SS0011 (the model's last layer is an activation the loss applies again; the diagnostic sits on
/// that attribute): remove the attribute, and its attribute list when nothing else is in it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveActivationCodeFix)), Shared]
public sealed class RemoveActivationCodeFix : CodeFixProvider
{
    public const string Key = "SS0011.RemoveActivation";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SS0011");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is { Parent: AttributeListSyntax list } activation)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Remove {activation.Name}", ct => Remove(context.Document, root, list, activation, ct), Key),
                    diagnostic);
            }
        }
    }

    private static Task<Document> Remove(Document document, SyntaxNode root, AttributeListSyntax list, AttributeSyntax activation, CancellationToken cancellationToken)
    {
        // With siblings, SeparatedSyntaxList.Remove takes the comma that went with it:
        // [Linear(10), Softmax] becomes [Linear(10)], [Softmax, X] becomes [X].
        return list.Attributes.Count > 1
            ? Edits.Replace(document, root, list, list.WithAttributes(list.Attributes.Remove(activation)), cancellationToken)
            : Task.FromResult(document.WithSyntaxRoot(RemoveList(root, list)));
    }

    /// <summary>
    /// Removes a whole attribute list so the layout stays as if it had never been written: a list on
    /// its own line takes that line with it but leaves the comments above it; a list after something
    /// on the same line leaves that line's end (and a trailing comment) to its predecessor.
    /// </summary>
    private static SyntaxNode RemoveList(SyntaxNode root, AttributeListSyntax list)
    {
        var previous = list.GetFirstToken().GetPreviousToken();
        var next = list.GetLastToken().GetNextToken();
        var startsLine = previous.IsKind(SyntaxKind.None) || EndsLine(previous.TrailingTrivia);

        var marker = new SyntaxAnnotation();
        root = root.ReplaceNode(list, list.WithAdditionalAnnotations(marker));
        if (startsLine)
        {
            // When the line goes, its indentation goes too; when the next token stays on this line,
            // it inherits the indentation.
            var leading = list.GetLeadingTrivia();
            var kept = EndsLine(list.GetTrailingTrivia()) ? leading.Take(LastEndOfLine(leading) + 1) : leading;
            var target = root.FindToken(next.SpanStart);
            root = root.ReplaceToken(target, target.WithLeadingTrivia(kept.Concat(target.LeadingTrivia)));
        }
        else
        {
            var target = root.FindToken(previous.SpanStart);
            root = root.ReplaceToken(target, target.WithTrailingTrivia(list.GetTrailingTrivia()));
        }

        return root.RemoveNode(root.GetAnnotatedNodes(marker).Single(), SyntaxRemoveOptions.KeepNoTrivia)!;
    }

    private static bool EndsLine(SyntaxTriviaList trivia) => trivia.Count > 0 && trivia.Last().IsKind(SyntaxKind.EndOfLineTrivia);

    private static int LastEndOfLine(SyntaxTriviaList trivia)
    {
        for (var i = trivia.Count - 1; i >= 0; i--)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return i;
            }
        }

        return -1;
    }
}
