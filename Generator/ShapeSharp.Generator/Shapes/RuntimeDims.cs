using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ShapeSharp.Generator.Shapes;

/// <summary>
/// Dims of a block's input that are not known at compile time, named for the generated code that
/// reads them from the tensor at the block's first call (<c>__inputDim1</c> is <c>x.shape[^1]</c>),
/// as PyTorch's lazy modules and Keras' build() size layers. They print as ? in shapes.
/// </summary>
internal static class RuntimeDims
{
    private const string Prefix = "__inputDim";

    /// <summary>The dim <paramref name="fromEnd"/> places from the end (1 is the last).</summary>
    public static Dim At(int fromEnd) => Dim.Symbol(Prefix + fromEnd.ToString(CultureInfo.InvariantCulture));

    public static bool Is(string symbol) => symbol.StartsWith(Prefix, System.StringComparison.Ordinal);

    public static bool Any(Dim dim) => dim.Symbols.Any(Is);

    /// <summary>The index from the end that a runtime symbol reads.</summary>
    public static int FromEnd(string symbol) => int.Parse(symbol.Substring(Prefix.Length), CultureInfo.InvariantCulture);

    /// <summary>Every runtime symbol a piece of generated code mentions, in order.</summary>
    public static IEnumerable<string> In(string code) =>
        System.Text.RegularExpressions.Regex.Matches(code, Prefix + "[0-9]+").Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value).Distinct();

    /// <summary>A rank-<paramref name="rank"/> shape whose unknown dims (all, when <paramref name="known"/> is null) are runtime dims.</summary>
    public static Shape Fill(Shape? known, int rank) =>
        new(Enumerable.Range(0, rank).Select(i => known is not null && !known.Dims[i].IsUnknown ? known.Dims[i] : At(rank - i)));

    /// <summary>The shape with every runtime dim unknown again, as the interpreter must see it.</summary>
    public static Shape Forget(Shape shape) => new(shape.Dims.Select(d => Any(d) ? Dim.Unknown : d));
}
