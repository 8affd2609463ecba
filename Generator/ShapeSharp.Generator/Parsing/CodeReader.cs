using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// Reads a hand-written method body into <see cref="MethodCode"/>. The binder resolves every call
/// (so `cat` via using static and `torch.cat` read the same) and folds constants (so const fields
/// become numbers); anything outside the modelled subset becomes opaque, never an error.
/// </summary>
internal sealed class CodeReader
{
    private const string TorchNamespace = "TorchSharp";
    private readonly SemanticModel _model;
    private readonly INamedTypeSymbol _owner;

    public CodeReader(SemanticModel model, INamedTypeSymbol owner)
    {
        _model = model;
        _owner = owner;
    }

    public MethodCode Read(MethodDeclarationSyntax method)
    {
        var parameters = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToEquatableArray();
        BlockStmt body;
        if (method.Body is { } block)
        {
            body = ReadBlock(block);
        }
        else if (method.ExpressionBody is { } arrow)
        {
            body = new BlockStmt(new Stmt[] { new ReturnStmt(ReadExpr(arrow.Expression)) }.ToEquatableArray());
        }
        else
        {
            body = new BlockStmt(EquatableArray<Stmt>.Empty);
        }

        return new MethodCode(method.Identifier.ValueText, parameters, body, LocationInfo.From(method.Identifier));
    }

    private BlockStmt ReadBlock(StatementSyntax statement) =>
        statement is BlockSyntax block
            ? new BlockStmt(block.Statements.Select(ReadStatement).ToEquatableArray())
            : new BlockStmt(new[] { ReadStatement(statement) }.ToEquatableArray());

    private Stmt ReadStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case BlockSyntax block:
                return ReadBlock(block);
            case LocalDeclarationStatementSyntax local:
                return new BlockStmt(Declare(local.Declaration).ToEquatableArray());
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                return ReadAssignment(assignment);
            case ExpressionStatementSyntax expression:
                return new ExprStmt(ReadExpr(expression.Expression));
            case ReturnStatementSyntax ret:
                return new ReturnStmt(ret.Expression is null ? null : ReadExpr(ret.Expression));
            case IfStatementSyntax branch:
                var branches = new List<BlockStmt> { ReadBlock(branch.Statement) };
                branches.Add(branch.Else is null ? new BlockStmt(EquatableArray<Stmt>.Empty) : ReadBlock(branch.Else.Statement));
                return new BlockStmt(new Stmt[] { new ExprStmt(ReadExpr(branch.Condition)), new BranchStmt(branches.ToEquatableArray()) }.ToEquatableArray());
            case ForEachStatementSyntax each:
                return new LoopStmt(each.Identifier.ValueText, ReadExpr(each.Expression), ReadBlock(each.Statement));
            case ForStatementSyntax loop:
                return new BlockStmt(Declare(loop.Declaration).Concat(new Stmt[] { new LoopStmt(null, null, ReadBlock(loop.Statement)) }).ToEquatableArray());
            case WhileStatementSyntax loop:
                return new LoopStmt(null, null, ReadBlock(loop.Statement));
            case UsingStatementSyntax use:
                return new BlockStmt(Declare(use.Declaration).Concat(new Stmt[] { ReadBlock(use.Statement) }).ToEquatableArray());
            default:
                return new OpaqueStmt(AssignedIn(statement));
        }
    }

    /// <summary>var a = e, b; (in a statement, a for or a using) as one assignment per variable.</summary>
    private IEnumerable<Stmt> Declare(VariableDeclarationSyntax? declaration) =>
        declaration?.Variables.Select(v => (Stmt)new AssignStmt(One(v.Identifier.ValueText), "=",
            v.Initializer is null ? new OpaqueExpr(LocationInfo.From(v)) : ReadExpr(v.Initializer.Value)))
        ?? Enumerable.Empty<Stmt>();

    private static EquatableArray<string> One(string name) => new[] { name }.ToEquatableArray();

    private Stmt ReadAssignment(AssignmentExpressionSyntax assignment)
    {
        var value = ReadExpr(assignment.Right);
        var op = assignment.OperatorToken.ValueText;
        switch (assignment.Left)
        {
            case IdentifierNameSyntax name when IsLocal(name):
                return new AssignStmt(One(name.Identifier.ValueText), op, value);
            case DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax names }:
                return new AssignStmt(names.Variables.Select(NameOf).ToEquatableArray(), op, value);
            case TupleExpressionSyntax tuple:
                return new AssignStmt(tuple.Arguments.Select(a => a.Expression switch
                {
                    IdentifierNameSyntax n => n.Identifier.ValueText,
                    DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax s } => s.Identifier.ValueText,
                    _ => string.Empty,
                }).ToEquatableArray(), op, value);
            default:
                // A field or an element: the interpreter tracks locals only, but the value is still read.
                return new ExprStmt(value);
        }
    }

    private static string NameOf(VariableDesignationSyntax designation) =>
        designation is SingleVariableDesignationSyntax single ? single.Identifier.ValueText : string.Empty;

    private bool IsLocal(IdentifierNameSyntax name) =>
        _model.GetSymbolInfo(name).Symbol is ILocalSymbol or IParameterSymbol;

    private static EquatableArray<string> AssignedIn(SyntaxNode node) =>
        node.DescendantNodes().OfType<AssignmentExpressionSyntax>().Select(a => a.Left).OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText)
            .Concat(node.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText))
            .Concat(node.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(d => d.Identifier.ValueText))
            .Distinct().ToEquatableArray();

    public Expr ReadExpr(ExpressionSyntax expression)
    {
        var location = LocationInfo.From(expression);
        if (Constant(expression) is { } literal)
        {
            return literal;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return ReadExpr(parenthesized.Expression);
            case CastExpressionSyntax cast:
                return ReadExpr(cast.Expression);
            case CheckedExpressionSyntax checkedExpression:
                return ReadExpr(checkedExpression.Expression);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                return ReadExpr(bang.Operand);
            case IdentifierNameSyntax name:
                return ReadName(name, location);
            case MemberAccessExpressionSyntax member:
                return ReadMember(member, location);
            case InvocationExpressionSyntax invocation:
                return ReadInvocation(invocation, location);
            case ElementAccessExpressionSyntax element:
                return new IndexExpr(ReadExpr(element.Expression), element.ArgumentList.Arguments.Select(a => ReadExpr(a.Expression)).ToEquatableArray(), location);
            case BinaryExpressionSyntax binary:
                return new BinaryExpr(binary.OperatorToken.ValueText, ReadExpr(binary.Left), ReadExpr(binary.Right), location);
            case PrefixUnaryExpressionSyntax unary:
                return new UnaryExpr(unary.OperatorToken.ValueText, ReadExpr(unary.Operand), location);
            case RangeExpressionSyntax range:
                return new RangeExpr(range.LeftOperand is null ? null : ReadExpr(range.LeftOperand), range.RightOperand is null ? null : ReadExpr(range.RightOperand), location);
            case TupleExpressionSyntax tuple:
                return new TupleExpr(tuple.Arguments.Select(a => ReadExpr(a.Expression)).ToEquatableArray(), false, location);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return Collection(implicitArray.Initializer.Expressions, location);
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return Collection(initializer.Expressions, location);
            case InitializerExpressionSyntax initializer:
                return Collection(initializer.Expressions, location);
            case CollectionExpressionSyntax collection:
                return new TupleExpr(collection.Elements.OfType<ExpressionElementSyntax>().Select(e => ReadExpr(e.Expression)).ToEquatableArray(), true, location);
            case ConditionalExpressionSyntax conditional:
                return new ConditionalExpr(ReadExpr(conditional.WhenTrue), ReadExpr(conditional.WhenFalse), location);
            case ThisExpressionSyntax:
                return new NameExpr("this", location);
            case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } creation
                when IsTensorList(_model.GetTypeInfo(creation).Type as INamedTypeSymbol):
                return new CallExpr(CallKind.List, "new", null, EquatableArray<Argument>.Empty, false, location);
            default:
                return new OpaqueExpr(location);
        }
    }

    private TupleExpr Collection(SeparatedSyntaxList<ExpressionSyntax> items, LocationInfo location) =>
        new(items.Select(ReadExpr).ToEquatableArray(), true, location);

    private LiteralExpr? Constant(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression })
        {
            return null;
        }

        var constant = _model.GetConstantValue(expression);
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        var value = constant.Value switch
        {
            string s => new ArgValue(ArgKind.Text, 0, 0, false, s, EquatableArray<long>.Empty, s),
            bool b => new ArgValue(ArgKind.Boolean, 0, 0, b, null, EquatableArray<long>.Empty, b ? "true" : "false"),
            double or float or decimal => new ArgValue(ArgKind.Real, 0, System.Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture), false, null, EquatableArray<long>.Empty, string.Empty),
            char => null,
            _ => new ArgValue(ArgKind.Integer, System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture), 0, false, null, EquatableArray<long>.Empty, string.Empty),
        };

        return value is null ? null : new LiteralExpr(value, LocationInfo.From(expression));
    }

    private Expr ReadName(IdentifierNameSyntax name, LocationInfo location)
    {
        var symbol = _model.GetSymbolInfo(name).Symbol;
        return symbol switch
        {
            ILocalSymbol or IParameterSymbol => new NameExpr(name.Identifier.ValueText, location),
            IPropertySymbol or IFieldSymbol when symbol.IsStatic && IsTorch(symbol.ContainingType) =>
                new CallExpr(CallKind.Torch, TorchName(symbol), null, EquatableArray<Argument>.Empty, true, location),
            IPropertySymbol or IFieldSymbol when IsTensor(symbol.ContainingType) =>
                new CallExpr(CallKind.Tensor, symbol.Name, new NameExpr("this", location), EquatableArray<Argument>.Empty, true, location),
            IFieldSymbol field when IsOwnField(field) => new FieldExpr(field.Name, location),
            _ => new OpaqueExpr(location),
        };
    }

    private Expr ReadMember(MemberAccessExpressionSyntax member, LocationInfo location)
    {
        var symbol = _model.GetSymbolInfo(member).Symbol;
        if (symbol is IPropertySymbol or IFieldSymbol)
        {
            if (!symbol.IsStatic && IsTensor(symbol.ContainingType))
            {
                return new CallExpr(CallKind.Tensor, symbol.Name, ReadExpr(member.Expression), EquatableArray<Argument>.Empty, true, location);
            }

            if (symbol.IsStatic && IsTorch(symbol.ContainingType))
            {
                return new CallExpr(CallKind.Torch, TorchName(symbol), null, EquatableArray<Argument>.Empty, true, location);
            }

            if (symbol is IFieldSymbol field && IsOwnField(field) && member.Expression is ThisExpressionSyntax)
            {
                return new FieldExpr(field.Name, location);
            }

            if (TupleElement(symbol) is { } index)
            {
                var literal = new LiteralExpr(new ArgValue(ArgKind.Integer, index, 0, false, null, EquatableArray<long>.Empty, string.Empty), location);
                return new IndexExpr(ReadExpr(member.Expression), new Expr[] { literal }.ToEquatableArray(), location);
            }
        }

        return new OpaqueExpr(location);
    }

    /// <summary>
    /// The position of a tuple element read by name: Item2, or the name TorchSharp gave it
    /// (max's values/indexes, sort's Values/Indices), which Roslyn maps to its ItemN.
    /// </summary>
    private static int? TupleElement(ISymbol symbol)
    {
        var item = symbol switch
        {
            IFieldSymbol { IsStatic: false, ContainingType.IsTupleType: true } field => (field.CorrespondingTupleField ?? field).Name,
            IPropertySymbol { IsStatic: false, ContainingType.Name: "Tuple" } property => property.Name,
            _ => string.Empty,
        };
        return item.StartsWith("Item", System.StringComparison.Ordinal) && int.TryParse(item.Substring(4), out var n) && n >= 1 ? n - 1 : null;
    }

    private Expr ReadInvocation(InvocationExpressionSyntax invocation, LocationInfo location)
    {
        var info = _model.GetSymbolInfo(invocation);
        var method = info.Symbol as IMethodSymbol ?? info.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        var args = ReadArguments(invocation);
        var receiverSyntax = (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
        if (method is null)
        {
            return new CallExpr(CallKind.Other, string.Empty, null, args, false, location);
        }

        if (method.ReducedFrom is not null && IsTensor(method.ReceiverType as INamedTypeSymbol) && receiverSyntax is not null)
        {
            return new CallExpr(CallKind.Tensor, method.Name, ReadExpr(receiverSyntax), args, false, location);
        }

        if (!method.IsStatic && IsTensor(method.ContainingType))
        {
            var receiver = receiverSyntax is null ? new NameExpr("this", location) : ReadExpr(receiverSyntax);
            return new CallExpr(CallKind.Tensor, method.Name, receiver, args, false, location);
        }

        if (method.IsStatic && IsTorch(method.ContainingType))
        {
            return new CallExpr(CallKind.Torch, TorchName(method), null, args, false, location);
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _owner) && (receiverSyntax is null or ThisExpressionSyntax))
        {
            return new CallExpr(CallKind.Own, method.Name, null, args, false, location);
        }

        if (method.Name == "Add" && IsTensorList(method.ContainingType) && receiverSyntax is IdentifierNameSyntax)
        {
            return new CallExpr(CallKind.List, method.Name, ReadExpr(receiverSyntax), args, false, location);
        }

        if (method.Name is "forward" or "call" && DerivesFromModule(method.ContainingType) && receiverSyntax is not null)
        {
            return new CallExpr(CallKind.Module, method.Name, ReadExpr(receiverSyntax), args, false, location);
        }

        return new CallExpr(CallKind.Other, method.Name, null, args, false, location);
    }

    /// <summary>Arguments by the callee's parameter names, with a params array gathered into one collection.</summary>
    private EquatableArray<Argument> ReadArguments(InvocationExpressionSyntax invocation)
    {
        if (_model.GetOperation(invocation) is IInvocationOperation operation)
        {
            var bound = new List<Argument>();

            // In parameter order, so a static form's first parameter (torch.relu's input) is first
            // however the call named its arguments.
            foreach (var argument in operation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is null || PassesDefaultNull(argument))
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    var elements = (argument.Value as IArrayCreationOperation)?.Initializer?.ElementValues ?? default;
                    var items = elements.IsDefault ? new List<Expr>() : elements.Select(e => ReadExpr(Unconverted(e))).ToList();
                    bound.Add(new Argument(argument.Parameter.Name, new TupleExpr(items.ToEquatableArray(), true, LocationInfo.From(argument.Syntax))));
                    continue;
                }

                var syntax = argument.Syntax is ArgumentSyntax a ? a.Expression : argument.Syntax as ExpressionSyntax;
                if (syntax is not null)
                {
                    bound.Add(new Argument(argument.Parameter.Name, ReadExpr(syntax)));
                }
            }

            return bound.ToEquatableArray();
        }

        return invocation.ArgumentList.Arguments.Select(a => new Argument(a.NameColon?.Name.Identifier.ValueText, ReadExpr(a.Expression))).ToEquatableArray();
    }

    /// <summary>
    /// null written for a TorchSharp parameter whose default is null (conv2d's strides: null, a
    /// bias: null) means what leaving it out means, so it is read as left out. Not for the model's
    /// own methods: a block reads its arguments by position.
    /// </summary>
    private static bool PassesDefaultNull(IArgumentOperation argument) =>
        argument.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: null } parameter
        && InTorchSharp(parameter.ContainingSymbol)
        && (argument.Syntax is ArgumentSyntax { Expression: var value } ? value : argument.Syntax) is LiteralExpressionSyntax
        {
            RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression,
        };

    private bool IsOwnField(IFieldSymbol field) =>
        !field.IsStatic && SymbolEqualityComparer.Default.Equals(field.ContainingType, _owner);

    private static ExpressionSyntax Unconverted(IOperation operation) =>
        operation.Syntax as ExpressionSyntax ?? (operation.Syntax as ArgumentSyntax)?.Expression ?? throw new System.InvalidOperationException("params element without expression syntax");

    internal static bool IsTensor(INamedTypeSymbol? type) =>
        type is { Name: "Tensor", ContainingType: { Name: "torch" } } && InTorchSharp(type);

    private static bool IsTensorList(INamedTypeSymbol? type) =>
        type is { Name: "List", Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } } }
        && IsTensor(type.TypeArguments[0] as INamedTypeSymbol);

    private static bool IsTorch(INamedTypeSymbol? type) => type is not null && InTorchSharp(type);

    internal static bool InTorchSharp(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name == TorchNamespace;
    }

    /// <summary>cat for torch.cat; functional.softmax, TensorIndex.Slice for members of other classes.</summary>
    private static string TorchName(ISymbol symbol) =>
        symbol.ContainingType is { Name: "torch" } ? symbol.Name : symbol.ContainingType.Name + "." + symbol.Name;

    internal static bool DerivesFromModule(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Module" && current.ContainingType?.Name == "nn" && InTorchSharp(current))
            {
                return true;
            }
        }

        return false;
    }
}
