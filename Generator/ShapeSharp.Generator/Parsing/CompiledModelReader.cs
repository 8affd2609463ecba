using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// Reads a model compiled into a referenced assembly from the members the generator wrote on it.
/// Only a type carrying [GeneratedCode("ShapeSharp", ...)] and both shape constants qualifies, so an
/// unrelated Module with a field of the same name is never mistaken for one.
/// </summary>
internal static class CompiledModelReader
{
    public static CompiledModelSpec? Read(INamedTypeSymbol type)
    {
        var generated = type.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is "ShapeSharp");
        if (!generated || Constant(type, "InputShape") is not string input || Constant(type, "OutputShape") is not string output)
        {
            return null;
        }

        // The generated constructor is the public one taking only the model's sizes (all long).
        var constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int64))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var tensor = "global::TorchSharp.torch.Tensor";
        var baseArguments = type.BaseType?.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray() ?? new string[0];
        var oneTensor = baseArguments.Length == 2 && baseArguments.All(a => a == tensor) && !input.Contains(";");
        return new CompiledModelSpec(
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.Name,
            oneTensor && constructor is not null,
            input,
            output,
            (constructor?.Parameters.Select(p => p.Name) ?? Enumerable.Empty<string>()).ToEquatableArray(),
            Constant(type, "ParameterCount") as long?);
    }

    private static object? Constant(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst)?.ConstantValue;
}
