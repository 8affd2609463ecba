using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Diagnostics;

namespace ShapeSharp.CodeFixes;

/// <summary>
/// SS0012 (a Linear straight after a conv/pool on rank &gt; 2 input; the diagnostic sits on the
/// Linear attribute): insert <c>Flatten</c> right before that Linear, in the same attribute list,
/// since attribute order is layer order.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertFlattenCodeFix)), Shared]
public sealed class InsertFlattenCodeFix : CodeFixProvider
{
    public const string Key = "SS0012.InsertFlatten";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SS0012", "SS0010");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // SS0012 sits on the Linear; SS0010 sits on the loss and names the Linear head as its
            // additional location, and only its missing-Flatten form is this fix's to make.
            var at = diagnostic.Id == "SS0012" ? diagnostic.Location
                : diagnostic.Properties.ContainsKey(DiagnosticInfo.MissingFlattenKey) && diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0]
                : null;
            if (at is not null && at.SourceTree == root?.SyntaxTree
                && root?.FindNode(at.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is { Parent: AttributeListSyntax list } linear)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Insert Flatten before Linear", ct => Edits.Replace(context.Document, root, list, Insert(list, linear), ct), Key),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Flatten takes over the Linear's leading trivia (its indentation when the Linear starts a line)
    /// and is followed by ", ", so the Linear keeps its place in the line's layout.
    /// </summary>
    private static AttributeListSyntax Insert(AttributeListSyntax list, AttributeSyntax linear)
    {
        var flatten = SyntaxFactory.Attribute(FlattenName(linear.Name)).WithLeadingTrivia(linear.GetLeadingTrivia());
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        var items = list.Attributes.GetWithSeparators();
        var index = items.IndexOf(linear);
        items = items.Replace(linear, linear.WithoutLeadingTrivia()).InsertRange(index, new SyntaxNodeOrToken[] { flatten, comma });
        return list.WithAttributes(SyntaxFactory.SeparatedList<AttributeSyntax>(items));
    }

    /// <summary>Spelled like the Linear: <c>ShapeSharp.Linear</c> gets <c>ShapeSharp.Flatten</c>, so no using is needed.</summary>
    private static NameSyntax FlattenName(NameSyntax linearName)
    {
        var flatten = SyntaxFactory.IdentifierName("Flatten");
        return linearName switch
        {
            QualifiedNameSyntax qualified => SyntaxFactory.QualifiedName(qualified.Left.WithoutTrivia(), flatten),
            AliasQualifiedNameSyntax aliased => SyntaxFactory.AliasQualifiedName(aliased.Alias.WithoutTrivia(), flatten),
            _ => flatten,
        };
    }
}
