using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

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
}
