using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// Recognises the partial declaration ShapeSharp generated. The analyzer runs on the compilation
/// the generator's output joined, so a model's declarations include that part.
/// </summary>
internal static class GeneratedPart
{
    public const string Tool = "ShapeSharp";

    /// <summary>Every generated part carries [GeneratedCode("ShapeSharp", version)]; a user's declaration never needs to.</summary>
    public static bool IsOurs(TypeDeclarationSyntax declaration) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a =>
            a.Name.ToString().EndsWith("GeneratedCode", System.StringComparison.Ordinal)
            && a.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: Tool });
}
