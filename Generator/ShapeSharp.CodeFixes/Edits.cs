using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ShapeSharp.CodeFixes;

/// <summary>What every fix here does in the end: swap one node of the document for a rewritten one.</summary>
internal static class Edits
{
    public static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode old, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(old, replacement)));
    }
}
