using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// The composite parts of a model class: block methods (partial methods with layer attributes),
/// the hand-written forward and the helper methods it may call, and the [Layer&lt;T&gt;] sub-models.
/// </summary>
internal static class CompositeParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    internal sealed class Result
    {
        public List<BlockSpec> Blocks { get; } = new();

        public ForwardSpec? Forward { get; set; }

        public List<MethodCode> Helpers { get; } = new();

        public List<(INamedTypeSymbol Type, LocationInfo Location)> SubModels { get; } = new();

        public List<DiagnosticInfo> Diagnostics { get; } = new();

        /// <summary>Names the user declared in the class (generated members excluded).</summary>
        public HashSet<string> MemberNames { get; } = new(System.StringComparer.Ordinal);
    }

    public static Result Read(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var result = new Result();
        MethodDeclarationSyntax? forward = null;
        var helpers = new List<(MethodDeclarationSyntax Method, CodeReader Reader)>();
        foreach (var part in ModelParser.DeclarationsOf(type, cancellationToken))
        {
            var model = compilation.GetSemanticModel(part.SyntaxTree);
            var reader = new CodeReader(model, type);
            result.MemberNames.UnionWith(DeclaredNames(part));
            foreach (var method in part.Members.OfType<MethodDeclarationSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol)
                {
                    continue;
                }

                var layers = ReadLayers(method, symbol, result);
                var hasBody = method.Body is not null || method.ExpressionBody is not null;
                if (layers.Count > 0)
                {
                    ReadBlock(method, symbol, layers, hasBody, result);
                }
                else if (hasBody && method.Identifier.ValueText == "forward" && !symbol.IsStatic)
                {
                    forward = method;
                    result.Forward = new ForwardSpec(Parameters(symbol), symbol.ReturnType.ToDisplayString(TypeFormat), reader.Read(method));
                }
                else if (hasBody)
                {
                    helpers.Add((method, reader));
                }
            }
        }

        // Only the helpers forward can reach are read: reading binds their bodies, the costliest part
        // of parsing (TorchSharp's overload sets are large), and the interpreter never runs the rest
        // (a Generate or Decode path). It also keeps an edit to those methods from re-checking the model.
        var reachable = Reachable(forward, helpers.Select(h => h.Method).ToList());
        foreach (var (method, reader) in helpers)
        {
            if (reachable.Contains(method))
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Helpers.Add(reader.Read(method));
            }
        }

        return result;
    }

    /// <summary>The helper methods forward calls by name, directly or through each other (by syntax: calls to the class's own methods are plain or this. names).</summary>
    private static HashSet<MethodDeclarationSyntax> Reachable(MethodDeclarationSyntax? forward, List<MethodDeclarationSyntax> helpers)
    {
        var reached = new HashSet<MethodDeclarationSyntax>();
        var pending = new Stack<SyntaxNode>();
        if (forward is not null)
        {
            pending.Push(forward);
        }

        while (pending.Count > 0)
        {
            foreach (var name in CalledNames(pending.Pop()))
            {
                foreach (var helper in helpers.Where(h => h.Identifier.ValueText == name && reached.Add(h)))
                {
                    pending.Push(helper);
                }
            }
        }

        return reached;
    }

    private static IEnumerable<string> DeclaredNames(TypeDeclarationSyntax part) =>
        part.Members.SelectMany(member => member switch
        {
            BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
            MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
            PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
            EventDeclarationSyntax e => new[] { e.Identifier.ValueText },
            BaseTypeDeclarationSyntax nested => new[] { nested.Identifier.ValueText },
            DelegateDeclarationSyntax d => new[] { d.Identifier.ValueText },
            _ => System.Array.Empty<string>(),
        });

    private static IEnumerable<string> CalledNames(SyntaxNode method) =>
        method.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => i.Expression switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
            _ => null,
        }).Where(n => n is not null).Select(n => n!).Distinct();

    private static List<AttributeSpec> ReadLayers(MethodDeclarationSyntax method, IMethodSymbol symbol, Result result)
    {
        var data = symbol.GetAttributes()
            .Where(a => a.ApplicationSyntaxReference is not null)
            .ToDictionary(a => a.ApplicationSyntaxReference!.Span, a => a);
        var layers = new List<AttributeSpec>();
        foreach (var syntax in method.AttributeLists.SelectMany(l => l.Attributes))
        {
            if (!data.TryGetValue(syntax.Span, out var attribute) || attribute.AttributeClass is not { } attributeClass
                || !ModelParser.IsLayerAttribute(attributeClass) || attribute.AttributeConstructor is null)
            {
                continue;
            }

            var spec = ModelParser.ReadAttribute(AttributeCategory.Layer, attributeClass, attribute, syntax);
            if (attributeClass.IsGenericType && attributeClass.TypeArguments[0] is INamedTypeSymbol sub)
            {
                result.SubModels.Add((sub, spec.Find("Model")!.Location));
            }

            layers.Add(spec);
        }

        return layers;
    }

    private static void ReadBlock(MethodDeclarationSyntax method, IMethodSymbol symbol, List<AttributeSpec> layers, bool hasBody, Result result)
    {
        var identifier = LocationInfo.From(method.Identifier);
        string? problem = null;
        if (hasBody)
        {
            problem = "has a body; a block's layers are its body, so declare it as a partial method without one";
        }
        else if (!method.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            problem = "must be a partial method (the generator implements it)";
        }
        else if (symbol.IsStatic || symbol.IsGenericMethod)
        {
            problem = "must be an instance method without type parameters";
        }
        else if (symbol.Parameters.Length == 0)
        {
            problem = "must take the block's input tensor as its first parameter";
        }

        if (problem is not null)
        {
            result.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, identifier, symbol.Name, "the block", problem));
            return;
        }

        var parameters = Parameters(symbol);
        var declaration = method.Modifiers.ToString() + " " + symbol.ReturnType.ToDisplayString(TypeFormat) + " " + symbol.Name
            + "(" + string.Join(", ", parameters.Select(p => p.Type + " " + p.Name)) + ")";
        result.Blocks.Add(new BlockSpec(symbol.Name, declaration, parameters, symbol.ReturnType.ToDisplayString(TypeFormat), layers.ToEquatableArray(), identifier));
    }

    private static EquatableArray<ParameterSpec> Parameters(IMethodSymbol symbol) =>
        symbol.Parameters.Select(p => new ParameterSpec(p.Name, p.Type.ToDisplayString(TypeFormat))).ToEquatableArray();
}
