using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShapeSharp.Generator.Shapes;

/// <summary>
/// A tensor dim: unknown, or a polynomial over named symbols and floor-division atoms with integer
/// coefficients. Kept in a canonical form so that equal expressions have equal keys; two dims
/// conflict only when their difference is a nonzero constant (design, section 2).
/// </summary>
internal sealed class Dim : IEquatable<Dim>
{
    // Monomial key -> (factors, coefficient). Null means the dim is unknown.
    private readonly SortedDictionary<string, Term>? _terms;

    private Dim(SortedDictionary<string, Term>? terms, long constant)
    {
        _terms = terms;
        Constant = constant;
        Key = terms is null ? "?" : BuildKey(terms, constant);
    }

    public static readonly Dim Unknown = new(null, 0);

    public static Dim Of(long value) => new(new SortedDictionary<string, Term>(StringComparer.Ordinal), value);

    /// <summary>A model size: fixed when the model is built (a constructor parameter), so a constraint on it may hold.</summary>
    public static Dim Symbol(string name) => FromAtom(new SymbolAtom(name, free: false));

    /// <summary>
    /// A free dim of an input: any positive value at run time (B, T), so an op that needs it to take
    /// one value fails for the others.
    /// </summary>
    public static Dim Free(string name) => FromAtom(new SymbolAtom(name, free: true));

    /// <summary>The free dims this one depends on.</summary>
    public IEnumerable<string> FreeSymbols =>
        _terms is null ? Enumerable.Empty<string>() : _terms.Values.SelectMany(t => t.Factors).SelectMany(a => a.FreeSymbols).Distinct();

    public bool HasFreeSymbols => FreeSymbols.Any();

    /// <summary>
    /// This dim with each symbol replaced (a sub-model's sizes by what its caller passes, a declared
    /// input's symbols by free dims); floor divisions are rebuilt over the replaced numerator.
    /// </summary>
    public Dim MapSymbols(Func<string, Dim> replace)
    {
        if (_terms is null)
        {
            return this;
        }

        var result = Of(Constant);
        foreach (var term in _terms.Values)
        {
            var product = Of(term.Coefficient);
            foreach (var factor in term.Factors)
            {
                product *= factor switch
                {
                    SymbolAtom symbol => replace(symbol.Name),
                    FloorDivAtom division => division.Numerator.MapSymbols(replace).FloorDiv(division.Divisor),
                    QuotientAtom quotient => quotient.Numerator.MapSymbols(replace).DivideBy(quotient.Divisor.MapSymbols(replace)),
                    _ => Unknown,
                };
            }

            result += product;
        }

        return result;
    }

    public bool IsUnknown => _terms is null;

    public bool IsConstant => _terms is { Count: 0 };

    /// <summary>The constant part (the whole value when <see cref="IsConstant"/>).</summary>
    public long Constant { get; }

    /// <summary>Canonical text; equal keys mean equal dims.</summary>
    public string Key { get; }

    /// <summary>Every symbol the dim depends on, in first-seen order.</summary>
    public IEnumerable<string> Symbols =>
        _terms is null ? Enumerable.Empty<string>() : _terms.Values.SelectMany(t => t.Factors).SelectMany(a => a.Symbols).Distinct();

    public static Dim operator +(Dim a, Dim b) => Combine(a, b, 1);

    public static Dim operator -(Dim a, Dim b) => Combine(a, b, -1);

    public static Dim operator +(Dim a, long b) => a + Of(b);

    public static Dim operator -(Dim a, long b) => a - Of(b);

    public static Dim operator *(Dim a, long b) => a * Of(b);

    public static Dim operator *(Dim a, Dim b)
    {
        if (a._terms is null || b._terms is null)
        {
            return Unknown;
        }

        var result = NewTerms();
        foreach (var (factorsA, coefA) in Expand(a))
        {
            foreach (var (factorsB, coefB) in Expand(b))
            {
                Accumulate(result, factorsA.Concat(factorsB), checked(coefA * coefB));
            }
        }

        result.TryGetValue(string.Empty, out var constantTerm);
        result.Remove(string.Empty);
        return new Dim(result, constantTerm?.Coefficient ?? 0);
    }

    /// <summary>floor(this / divisor), divisor &gt; 0; whole multiples of the divisor are pulled out.</summary>
    public Dim FloorDiv(long divisor)
    {
        if (divisor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor));
        }

        if (_terms is null)
        {
            return Unknown;
        }

        if (divisor == 1)
        {
            return this;
        }

        var outside = NewTerms();
        var inside = NewTerms();
        foreach (var term in _terms.Values)
        {
            var quotient = FloorDivide(term.Coefficient, divisor);
            var remainder = term.Coefficient - quotient * divisor;
            Accumulate(outside, term.Factors, quotient);
            Accumulate(inside, term.Factors, remainder);
        }

        var whole = new Dim(outside, 0);
        if (inside.Count == 0)
        {
            return whole + Of(FloorDivide(Constant, divisor));
        }

        return whole + FromAtom(new FloorDivAtom(new Dim(inside, Constant), divisor));
    }

    /// <summary>
    /// this / divisor when it divides exactly (view's -1, a head split): by a constant, or by a
    /// monomial (3 * D) that every term contains. Unknown otherwise.
    /// </summary>
    public Dim DivideExact(Dim divisor)
    {
        if (_terms is null || divisor._terms is null || divisor.Constant != 0 && divisor._terms.Count > 0)
        {
            return Unknown;
        }

        if (divisor.IsConstant)
        {
            if (divisor.Constant <= 0)
            {
                return Unknown;
            }

            var divisible = Constant % divisor.Constant == 0 && _terms.Values.All(t => t.Coefficient % divisor.Constant == 0);
            return divisible ? FloorDiv(divisor.Constant) : Unknown;
        }

        if (divisor._terms.Count != 1 || Constant != 0)
        {
            return Equals(divisor) ? Of(1) : Unknown;
        }

        var by = divisor._terms.Values.First();
        var result = NewTerms();
        foreach (var term in _terms.Values)
        {
            var factors = term.Factors.ToList();
            foreach (var factor in by.Factors)
            {
                var at = factors.FindIndex(f => f.Key == factor.Key);
                if (at < 0)
                {
                    return Unknown;
                }

                factors.RemoveAt(at);
            }

            if (term.Coefficient % by.Coefficient != 0)
            {
                return Unknown;
            }

            Accumulate(result, factors, term.Coefficient / by.Coefficient);
        }

        result.TryGetValue(string.Empty, out var constantTerm);
        result.Remove(string.Empty);
        return new Dim(result, constantTerm?.Coefficient ?? 0);
    }

    /// <summary>
    /// this / divisor in a size expression ("C / 8", "D / Heads"): floor division by a positive
    /// constant, exact division where every term holds the divisor, otherwise the quotient of the two
    /// kept as one factor (the generated constructor checks that it divides). Unknown by zero or less.
    /// </summary>
    public Dim DivideBy(Dim divisor)
    {
        if (_terms is null || divisor._terms is null)
        {
            return Unknown;
        }

        if (divisor.IsConstant)
        {
            return divisor.Constant > 0 ? FloorDiv(divisor.Constant) : Unknown;
        }

        var exact = DivideExact(divisor);
        return exact.IsUnknown ? FromAtom(new QuotientAtom(this, divisor)) : exact;
    }

    /// <summary>
    /// True when the dim may be 1 for every input (so broadcasting may always stretch it): 1 itself,
    /// an unknown, or a model size (the user may build the model so). A dim that depends on a free
    /// dim is not 1 for most inputs.
    /// </summary>
    public bool MaybeOne => IsConstant ? Constant == 1 : !HasFreeSymbols;

    /// <summary>ceil(this / divisor), as PyTorch's ceil_mode pooling computes it.</summary>
    public Dim CeilDiv(long divisor) => (this + (divisor - 1)).FloorDiv(divisor);

    /// <summary>
    /// True when the two dims cannot be relied on to be equal: their difference is a nonzero
    /// constant, or it varies with the free dims (T against 256, B against 2 * B, T + 2 against T),
    /// so they differ for some input. Model sizes are fixed at construction and give the benefit of
    /// the doubt (D against 64 may hold), as does anything unknown or a floor division.
    /// </summary>
    public static bool ProvablyDifferent(Dim a, Dim b)
    {
        var difference = a - b;
        if (difference._terms is null)
        {
            return false;
        }

        if (difference.IsConstant)
        {
            return difference.Constant != 0;
        }

        if (difference._terms.Values.Any(t => t.Factors.Any(f => f is FloorDivAtom or QuotientAtom)))
        {
            return false;
        }

        // Per product of free dims, the coefficient is a polynomial over model sizes; it is nonzero
        // for every choice of positive sizes when all its terms have one sign.
        return difference._terms.Values
            .Where(t => t.Factors.Any(f => f.FreeSymbols.Any()))
            .GroupBy(t => string.Join("*", t.Factors.Where(f => f.FreeSymbols.Any()).Select(f => f.Key)))
            .Any(group => group.All(t => t.Coefficient > 0) || group.All(t => t.Coefficient < 0));
    }

    /// <summary>
    /// The value for some input, every free dim set to <paramref name="free"/>, when the dim depends
    /// on nothing else (no model size, nothing unknown): a witness that an op fails for some input.
    /// </summary>
    public long? AtFree(long free)
    {
        if (_terms is null)
        {
            return null;
        }

        var total = Constant;
        foreach (var term in _terms.Values)
        {
            var product = term.Coefficient;
            foreach (var factor in term.Factors)
            {
                var value = factor switch
                {
                    SymbolAtom { Free: true } => free,
                    FloorDivAtom division => division.Numerator.AtFree(free) is { } numerator ? FloorDivide(numerator, division.Divisor) : null,
                    _ => (long?)null,
                };
                if (value is null)
                {
                    return null;
                }

                product = checked(product * value.Value);
            }

            total = checked(total + product);
        }

        return total;
    }

    public bool ProvablyNonPositive => IsConstant && Constant <= 0;

    public bool Equals(Dim? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => obj is Dim other && Equals(other);

    public override int GetHashCode() => Key.GetHashCode();

    /// <summary>Readable form that is also a valid C# expression over the symbols ("(H - 3) / 2 + 1").</summary>
    public override string ToString()
    {
        if (_terms is null)
        {
            return "?";
        }

        var text = new StringBuilder();
        foreach (var term in _terms.Values.OrderByDescending(t => t.Factors.Length).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            AppendSigned(text, term.Coefficient, FormatFactors(term.Factors, term.Coefficient));
        }

        if (Constant != 0 || text.Length == 0)
        {
            AppendSigned(text, Constant, null);
        }

        return text.ToString();
    }

    private static void AppendSigned(StringBuilder text, long coefficient, string? factors)
    {
        var magnitude = Math.Abs(coefficient);
        var body = factors is null
            ? magnitude.ToString(CultureInfo.InvariantCulture)
            : magnitude == 1 ? factors : magnitude.ToString(CultureInfo.InvariantCulture) + " * " + factors;
        if (text.Length == 0)
        {
            text.Append(coefficient < 0 ? "-" + body : body);
        }
        else
        {
            text.Append(coefficient < 0 ? " - " : " + ").Append(body);
        }
    }

    private static string FormatFactors(Atom[] factors, long coefficient)
    {
        var alone = factors.Length == 1 && Math.Abs(coefficient) == 1;
        return string.Join(" * ", factors.Select(f => alone ? f.Text : f.TextInProduct));
    }

    private static Dim Combine(Dim a, Dim b, long sign)
    {
        if (a._terms is null || b._terms is null)
        {
            return Unknown;
        }

        var result = NewTerms();
        foreach (var term in a._terms.Values)
        {
            Accumulate(result, term.Factors, term.Coefficient);
        }

        foreach (var term in b._terms.Values)
        {
            Accumulate(result, term.Factors, checked(sign * term.Coefficient));
        }

        return new Dim(result, checked(a.Constant + sign * b.Constant));
    }

    private static IEnumerable<(Atom[] Factors, long Coefficient)> Expand(Dim dim)
    {
        foreach (var term in dim._terms!.Values)
        {
            yield return (term.Factors, term.Coefficient);
        }

        if (dim.Constant != 0)
        {
            yield return (Array.Empty<Atom>(), dim.Constant);
        }
    }

    private static Dim FromAtom(Atom atom)
    {
        var terms = NewTerms();
        Accumulate(terms, new[] { atom }, 1);
        return new Dim(terms, 0);
    }

    private static SortedDictionary<string, Term> NewTerms() => new(StringComparer.Ordinal);

    private static void Accumulate(SortedDictionary<string, Term> terms, IEnumerable<Atom> factors, long coefficient)
    {
        if (coefficient == 0)
        {
            return;
        }

        var sorted = factors.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray();
        var key = string.Join("*", sorted.Select(f => f.Key));
        if (terms.TryGetValue(key, out var existing))
        {
            var sum = checked(existing.Coefficient + coefficient);
            if (sum == 0)
            {
                terms.Remove(key);
            }
            else
            {
                terms[key] = new Term(key, sorted, sum);
            }
        }
        else
        {
            terms[key] = new Term(key, sorted, coefficient);
        }
    }

    private static string BuildKey(SortedDictionary<string, Term> terms, long constant) =>
        string.Join("+", terms.Values.Select(t => t.Coefficient.ToString(CultureInfo.InvariantCulture) + "·" + t.Key))
        + "|" + constant.ToString(CultureInfo.InvariantCulture);

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private sealed record Term(string Key, Atom[] Factors, long Coefficient);

    private abstract class Atom
    {
        public abstract string Key { get; }

        public abstract string Text { get; }

        public virtual string TextInProduct => Text;

        public abstract IEnumerable<string> Symbols { get; }

        public abstract IEnumerable<string> FreeSymbols { get; }
    }

    private sealed class SymbolAtom : Atom
    {
        public SymbolAtom(string name, bool free)
        {
            Name = name;
            Free = free;
        }

        public string Name { get; }

        /// <summary>A free input dim rather than a model size; within one model a name is one or the other, so the key is the name alone.</summary>
        public bool Free { get; }

        public override IEnumerable<string> FreeSymbols => Free ? new[] { Name } : Enumerable.Empty<string>();

        public override string Key => Name;

        public override string Text => Name;

        public override IEnumerable<string> Symbols => new[] { Name };
    }

    /// <summary>A quotient of sizes that does not simplify (D / Heads): opaque to comparisons, as a floor division is.</summary>
    private sealed class QuotientAtom : Atom
    {
        public QuotientAtom(Dim numerator, Dim divisor)
        {
            Numerator = numerator;
            Divisor = divisor;
        }

        public Dim Numerator { get; }

        public Dim Divisor { get; }

        public override string Key => "(" + Numerator.Key + ")/(" + Divisor.Key + ")";

        public override string Text => Operand(Numerator) + " / " + Operand(Divisor);

        public override string TextInProduct => "(" + Text + ")";

        public override IEnumerable<string> Symbols => Numerator.Symbols.Concat(Divisor.Symbols).Distinct();

        public override IEnumerable<string> FreeSymbols => Numerator.FreeSymbols.Concat(Divisor.FreeSymbols).Distinct();

        private static string Operand(Dim dim) =>
            dim._terms!.Count == 1 && dim.Constant == 0 && dim._terms.Values.First() is { Coefficient: 1, Factors.Length: 1 } only && only.Factors[0] is SymbolAtom
                ? dim.ToString()
                : "(" + dim.ToString() + ")";
    }

    private sealed class FloorDivAtom : Atom
    {
        public FloorDivAtom(Dim numerator, long divisor)
        {
            Numerator = numerator;
            Divisor = divisor;
        }

        public Dim Numerator { get; }

        public long Divisor { get; }

        public override string Key => "(" + Numerator.Key + ")/" + Divisor.ToString(CultureInfo.InvariantCulture);

        public override string Text
        {
            get
            {
                var numerator = Numerator.ToString();
                var simple = Numerator._terms!.Count == 1 && Numerator.Constant == 0
                    && Numerator._terms.Values.First() is { Coefficient: 1, Factors.Length: 1 } only && only.Factors[0] is SymbolAtom;
                return (simple ? numerator : "(" + numerator + ")") + " / " + Divisor.ToString(CultureInfo.InvariantCulture);
            }
        }

        // Keeps C#'s left-to-right evaluation equal to the floor-division meaning: (H / 2) * W.
        public override string TextInProduct => "(" + Text + ")";

        public override IEnumerable<string> Symbols => Numerator.Symbols;

        public override IEnumerable<string> FreeSymbols => Numerator.FreeSymbols;
    }
}
