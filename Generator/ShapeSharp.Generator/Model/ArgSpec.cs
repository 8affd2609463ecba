namespace ShapeSharp.Generator.Model;

internal enum ArgKind
{
    Integer,
    Real,
    Boolean,
    Text,
    IntegerArray,
    Other,
}

/// <summary>An attribute argument's constant value, plus the C# literal that recreates it.</summary>
internal sealed record ArgValue(ArgKind Kind, long Integer, double Real, bool Boolean, string? Text, EquatableArray<long> Integers, string Literal);

/// <summary>
/// One argument of an attribute: constructor parameter name (positional) or property name (named).
/// </summary>
internal sealed record ArgSpec(string Name, bool Positional, ArgValue Value, LocationInfo Location);
