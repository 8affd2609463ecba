using System.Globalization;
using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// Kernel, Stride, Padding, Dilation and OutputPadding: one int for every spatial axis, or an int[]
/// with one per axis (attribute arguments cannot be tuples, so the options are typed object).
/// </summary>
internal static class AxisOptions
{
    /// <summary>
    /// The option's value per axis; <paramref name="fallback"/> on every axis when it is not written.
    /// A value below <paramref name="min"/>, an array of the wrong length or a value of another type is
    /// SS0007 at the argument, and the fallback is used.
    /// </summary>
    public static long[] PerAxis(this LayerContext c, string name, int axes, long fallback, long min)
    {
        var arg = c.Spec.Find(name);
        if (arg is null)
        {
            return Repeat(fallback, axes);
        }

        long[] values;
        switch (arg.Value.Kind)
        {
            case ArgKind.Integer:
                values = Repeat(arg.Value.Integer, axes);
                break;
            case ArgKind.IntegerArray when arg.Value.Integers.Count == 1:
                values = Repeat(arg.Value.Integers[0], axes);
                break;
            case ArgKind.IntegerArray when arg.Value.Integers.Count == axes:
                values = arg.Value.Integers.ToArray();
                break;
            case ArgKind.IntegerArray:
                c.Report(DiagnosticDescriptors.InvalidArgument, arg.Location, c.Kind, name,
                    $"must be one value or {axes} (one per spatial axis), but has {arg.Value.Integers.Count}");
                return Repeat(fallback, axes);
            default:
                c.Report(DiagnosticDescriptors.InvalidArgument, arg.Location, c.Kind, name,
                    $"must be an int or an int[] with one value per spatial axis, but is {arg.Value.Literal}");
                return Repeat(fallback, axes);
        }

        if (values.Any(v => v < min))
        {
            var requirement = min == 1 ? "positive" : $"at least {min}";
            c.Report(DiagnosticDescriptors.InvalidArgument, arg.Location, c.Kind, name, $"must be {requirement}, but is {Text(values)}");
            return Repeat(fallback, axes);
        }

        return values;
    }

    /// <summary>A required per-axis option (a kernel): SS0007 when it is missing.</summary>
    public static long[] RequiredPerAxis(this LayerContext c, string name, int axes)
    {
        if (c.Spec.Find(name) is null)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.Spec.Location, c.Kind, name, "is required");
        }

        return c.PerAxis(name, axes, 1, 1);
    }

    /// <summary>Padding = "same" or "valid" (PyTorch's strings); null when Padding is a number or absent.</summary>
    public static string? PaddingMode(this LayerContext c, string name = "Padding")
    {
        if (c.Spec.Find(name) is not { Value.Kind: ArgKind.Text } arg)
        {
            return null;
        }

        if (arg.Value.Text is "same" or "valid")
        {
            return arg.Value.Text;
        }

        c.Report(DiagnosticDescriptors.InvalidArgument, arg.Location, c.Kind, name,
            $"must be an int, an int[] with one value per spatial axis, \"same\" or \"valid\", but is {arg.Value.Literal}");
        return "valid";
    }

    /// <summary>
    /// An option written as a model size or a size expression (<c>Stride = "S"</c>,
    /// <c>Groups = "C * Expand"</c>), so a sub-model takes it per use; null when it is a number.
    /// </summary>
    public static Shapes.Dim? SizeOption(this LayerContext c, string name) =>
        c.Spec.Find(name) is { Value.Kind: ArgKind.Text } ? c.Size(name) : null;

    public static long[] Repeat(long value, int axes) => Enumerable.Repeat(value, axes).ToArray();

    public static bool Uniform(long[] values) => values.All(v => v == values[0]);

    /// <summary>3, or (3, 1): the literal TorchSharp's scalar or tuple overload takes.</summary>
    public static string Literal(long[] values) =>
        values.Length == 1 ? LayerContext.Literal(values[0]) : "(" + string.Join(", ", values.Select(LayerContext.Literal)) + ")";

    /// <summary>How a value is shown in messages: 3, or [3, 1].</summary>
    public static string Text(long[] values) =>
        Uniform(values) ? values[0].ToString(CultureInfo.InvariantCulture) : "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
