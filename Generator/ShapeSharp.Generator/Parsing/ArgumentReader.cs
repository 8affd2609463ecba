using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>Turns an attribute's bound arguments into values, each with the span of its syntax.</summary>
internal static class ArgumentReader
{
    public static EquatableArray<ArgSpec> Read(AttributeData data, AttributeSyntax syntax)
    {
        var args = new List<ArgSpec>();
        var arguments = syntax.ArgumentList?.Arguments ?? default;
        var positional = arguments.Where(a => a.NameEquals is null).ToList();
        var parameters = data.AttributeConstructor?.Parameters ?? ImmutableArrayEmpty;

        for (var i = 0; i < data.ConstructorArguments.Length && i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var location = LocateParameter(syntax, positional, parameter, i);
            args.Add(new ArgSpec(parameter.Name, true, ToValue(data.ConstructorArguments[i]), location));
        }

        foreach (var named in data.NamedArguments)
        {
            var argSyntax = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named.Key);
            var location = argSyntax is null ? LocationInfo.From(syntax) : LocationInfo.From(argSyntax);
            args.Add(new ArgSpec(named.Key, false, ToValue(named.Value), location));
        }

        return args.ToEquatableArray();
    }

    private static readonly System.Collections.Immutable.ImmutableArray<IParameterSymbol> ImmutableArrayEmpty =
        System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty;

    private static LocationInfo LocateParameter(AttributeSyntax syntax, List<AttributeArgumentSyntax> positional, IParameterSymbol parameter, int index)
    {
        var byName = positional.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name);
        if (byName is not null)
        {
            return LocationInfo.From(byName);
        }

        var unnamed = positional.Where(a => a.NameColon is null).ToList();
        if (index >= unnamed.Count)
        {
            return LocationInfo.From(syntax);
        }

        if (parameter.IsParams && unnamed.Count > index + 1)
        {
            // A params array spans every remaining positional argument.
            var first = unnamed[index].GetLocation();
            var last = unnamed[unnamed.Count - 1].GetLocation();
            var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(first.SourceSpan.Start, last.SourceSpan.End);
            return LocationInfo.From(Location.Create(syntax.SyntaxTree, span));
        }

        return LocationInfo.From(unnamed[index]);
    }

    public static ArgValue ToValue(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            var items = constant.IsNull ? new List<TypedConstant>() : constant.Values.ToList();
            var elementType = (constant.Type as IArrayTypeSymbol)?.ElementType;
            var literal = constant.IsNull
                ? "null"
                : $"new {elementType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? "object"}[] {{ {string.Join(", ", items.Select(i => ToValue(i).Literal))} }}";
            var allIntegers = items.All(i => i.Value is int or long or short or byte or sbyte or ushort or uint);
            return new ArgValue(
                allIntegers ? ArgKind.IntegerArray : ArgKind.Other, 0, 0, false, null,
                allIntegers ? items.Select(i => Convert.ToInt64(i.Value, CultureInfo.InvariantCulture)).ToEquatableArray() : EquatableArray<long>.Empty,
                literal);
        }

        if (constant.Kind == TypedConstantKind.Enum)
        {
            var value = Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture);
            var member = constant.Type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) == value);
            var type = constant.Type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? "int";
            var literal = member is null ? $"({type})({value.ToString(CultureInfo.InvariantCulture)})" : $"{type}.{member.Name}";
            return new ArgValue(ArgKind.Integer, value, value, false, member?.Name, EquatableArray<long>.Empty, literal);
        }

        return constant.Value switch
        {
            null => new ArgValue(ArgKind.Text, 0, 0, false, null, EquatableArray<long>.Empty, "null"),
            string s => new ArgValue(ArgKind.Text, 0, 0, false, s, EquatableArray<long>.Empty, SymbolDisplay.FormatLiteral(s, quote: true)),
            bool b => new ArgValue(ArgKind.Boolean, 0, 0, b, null, EquatableArray<long>.Empty, b ? "true" : "false"),
            double d => new ArgValue(ArgKind.Real, 0, d, false, null, EquatableArray<long>.Empty, RealLiteral(d, "double", "")),
            float f => new ArgValue(ArgKind.Real, 0, f, false, null, EquatableArray<long>.Empty, RealLiteral(f, "float", "F")),
            char c => new ArgValue(ArgKind.Other, c, c, false, null, EquatableArray<long>.Empty, SymbolDisplay.FormatLiteral(c, quote: true)),
            _ => Integer(Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture), constant.Value is long ? "L" : ""),
        };
    }

    private static ArgValue Integer(long value, string suffix) =>
        new(ArgKind.Integer, value, value, false, null, EquatableArray<long>.Empty, value.ToString(CultureInfo.InvariantCulture) + suffix);

    private static string RealLiteral(double value, string type, string suffix)
    {
        if (double.IsNaN(value))
        {
            return type + ".NaN";
        }

        if (double.IsInfinity(value))
        {
            return type + (value > 0 ? ".PositiveInfinity" : ".NegativeInfinity");
        }

        var text = suffix == "F" ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
        if (suffix.Length == 0 && text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0)
        {
            text += ".0";
        }

        return text + suffix;
    }
}
