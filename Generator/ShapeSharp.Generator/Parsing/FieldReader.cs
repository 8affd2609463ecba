using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// The fields of a model class that TorchSharp would register by reflection (modules, parameters,
/// tensors), read from the user's own declarations so the generated RegisterComponents can
/// register them by name; and every [Learned] field, whatever its declaration, so a misuse can be
/// reported.
/// </summary>
internal static class FieldReader
{
    public const string LearnedAttribute = "ShapeSharp.LearnedAttribute";

    public static List<FieldSpec> Read(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var fields = new List<FieldSpec>();
        foreach (var part in ModelParser.DeclarationsOf(type, cancellationToken))
        {
            var variables = part.Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables).ToList();
            if (variables.Count == 0)
            {
                continue;
            }

            var model = compilation.GetSemanticModel(part.SyntaxTree);
            var reader = new CodeReader(model, type);
            foreach (var variable in variables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (model.GetDeclaredSymbol(variable, cancellationToken) is IFieldSymbol symbol && Read(symbol, variable, model, reader) is { } field)
                {
                    fields.Add(field);
                }
            }
        }

        return fields;
    }

    private static FieldSpec? Read(IFieldSymbol symbol, VariableDeclaratorSyntax variable, SemanticModel model, CodeReader reader)
    {
        var learned = Learned(symbol);
        var kind = KindOf(symbol.Type as INamedTypeSymbol);
        var isStatic = symbol.IsStatic || symbol.IsConst;
        if (learned is null && (kind is null || isStatic))
        {
            return null;
        }

        Expr? initializer = null;
        var holdsParameter = kind == FieldKind.Parameter;
        if (variable.Initializer is { } value && kind is FieldKind.Parameter or FieldKind.Tensor)
        {
            holdsParameter |= IsParameter(model.GetTypeInfo(value.Value).Type as INamedTypeSymbol);
            initializer = reader.ReadExpr(TensorOf(value.Value, model));
        }

        return new FieldSpec(
            symbol.Name,
            kind,
            symbol.Type.Name,
            symbol.IsReadOnly,
            isStatic,
            initializer,
            variable.Initializer is not null,
            holdsParameter,
            learned,
            LocationInfo.From(variable.Identifier));
    }

    private static FieldKind? KindOf(INamedTypeSymbol? type) =>
        CodeReader.DerivesFromModule(type) ? FieldKind.Module
        : IsParameter(type) ? FieldKind.Parameter
        : IsTensor(type) ? FieldKind.Tensor
        : null;

    private static bool IsTensor(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (CodeReader.IsTensor(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsParameter(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Parameter", ContainingNamespace.Name: "Modules" } && CodeReader.InTorchSharp(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The tensor a parameter is made of: nn.Parameter(t), new Parameter(t) and t.AsParameter() have
    /// t's shape. The interpreter's op table need not know these: they only occur in initialisers.
    /// </summary>
    private static ExpressionSyntax TensorOf(ExpressionSyntax expression, SemanticModel model)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case InvocationExpressionSyntax invocation when model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method && CodeReader.InTorchSharp(method):
                    if (method.Name == "Parameter" && method.ContainingType?.Name == "nn" && Data(invocation.ArgumentList) is { } data)
                    {
                        expression = data;
                        continue;
                    }

                    if (method.Name == "AsParameter" && invocation.Expression is MemberAccessExpressionSyntax access)
                    {
                        expression = access.Expression;
                        continue;
                    }

                    return expression;
                case BaseObjectCreationExpressionSyntax creation when IsParameter(model.GetTypeInfo(creation).Type as INamedTypeSymbol)
                    && creation.ArgumentList is { } arguments && Data(arguments) is { } created:
                    expression = created;
                    continue;
                default:
                    return expression;
            }
        }
    }

    private static ExpressionSyntax? Data(ArgumentListSyntax arguments) =>
        (arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "data")
            ?? arguments.Arguments.FirstOrDefault(a => a.NameColon is null))?.Expression;

    private static LearnedSpec? Learned(IFieldSymbol symbol)
    {
        var data = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == LearnedAttribute);
        if (data?.AttributeConstructor is null || data.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
        {
            // Arguments the compiler cannot bind are its error to report.
            return null;
        }

        var shape = data.ConstructorArguments.Length > 0 ? data.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var (location, offset) = ModelParser.ShapeArgument(syntax);
        return new LearnedSpec(shape, location, offset, ArgumentReader.Read(data, syntax), LocationInfo.From(syntax));
    }
}
