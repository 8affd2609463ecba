using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// The symbols a model's layer sizes depend on; each becomes a constructor parameter (long) in
/// first-use order. Names that are C# keywords are escaped with @.
/// </summary>
internal sealed class SymbolTable
{
    private readonly List<string> _used = new();

    public IReadOnlyList<string> Parameters => _used;

    public void Use(string symbol)
    {
        if (!_used.Contains(symbol))
        {
            _used.Add(symbol);
        }
    }

    public bool IsParameter(string symbol) => _used.Contains(symbol);

    public static string Escape(string symbol) =>
        SyntaxFacts.GetKeywordKind(symbol) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(symbol) != SyntaxKind.None
            ? "@" + symbol
            : symbol;

    /// <summary>Rewrites the identifiers of an expression to their escaped parameter names.</summary>
    public string Rename(string expression) =>
        Regex.Replace(expression, @"[A-Za-z_][A-Za-z0-9_]*", m => Escape(m.Value));

    public IEnumerable<string> EscapedParameters => _used.Select(Escape);

    private readonly List<SizeRequirement> _requirements = new();

    /// <summary>What the constructor checks first: what a size expression needs of the sizes given (divides, positive).</summary>
    public IReadOnlyList<SizeRequirement> Requirements => _requirements;

    public void Require(SizeRequirement requirement)
    {
        if (!_requirements.Contains(requirement))
        {
            _requirements.Add(requirement);
        }
    }

    /// <summary>
    /// <paramref name="numerator"/> must be a multiple of the size <paramref name="divisor"/>: checked
    /// by the generated constructor (and at a sub-model's use where its values are known), unless the
    /// algebra proves it.
    /// </summary>
    public void RequireDivisible(string where, Dim numerator, Dim divisor)
    {
        if (numerator.IsUnknown || divisor.IsUnknown || !numerator.DivideExact(divisor).IsUnknown)
        {
            return;
        }

        Require(new SizeRequirement(where, numerator.ToString(), Code(numerator), divisor.ToString(), Code(divisor)));
    }

    /// <summary>A size written as an expression must come out positive with the sizes given: checked by the constructor.</summary>
    public void RequirePositive(string where, Dim size) => Require(new SizeRequirement(where, size.ToString(), Code(size)));

    /// <summary>The C# expression of a known size over the constructor parameters, each of its symbols made one.</summary>
    public string Code(Dim dim)
    {
        foreach (var symbol in dim.Symbols.Where(s => !RuntimeDims.Is(s)))
        {
            Use(symbol);
        }

        return Rename(dim.ToString());
    }
}
