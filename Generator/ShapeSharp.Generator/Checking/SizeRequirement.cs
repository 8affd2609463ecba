using Microsoft.CodeAnalysis.CSharp;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// A size expression's need of the model sizes: <see cref="Numerator"/> a multiple of
/// <see cref="Divisor"/>, or, without a divisor, positive. Texts as the checker writes dims (a
/// caller substitutes its values to check them at compile time); codes as C# over the parameters.
/// </summary>
/// <param name="Where">The layer argument, for the message: Linear's outFeatures "C / 4".</param>
internal sealed record SizeRequirement(string Where, string Numerator, string NumeratorCode, string? Divisor = null, string? DivisorCode = null)
{
    public string Statement()
    {
        var where = Quote(Where);
        return Divisor is null
            ? $"global::ShapeSharp.SizeGuard.Positive(GetName(), {where}, {NumeratorCode});"
            : $"global::ShapeSharp.SizeGuard.Divides(GetName(), {where}, {Quote(Numerator)}, {NumeratorCode}, {Quote(Divisor)}, {DivisorCode});";
    }

    private static string Quote(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
