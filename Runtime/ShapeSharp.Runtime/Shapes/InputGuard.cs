using System.Globalization;
using System.Linq;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// The entry check of every generated forward: rank, each dim known at construction, and dtype.
/// One comparison per dim; nothing is allocated unless the check fails.
/// </summary>
public static class InputGuard
{
    /// <summary>Marks a dim the guard does not check (a batch or sequence symbol, or ?).</summary>
    public const long Any = -1;

    /// <param name="model">Model class name.</param>
    /// <param name="argument">forward parameter name.</param>
    /// <param name="tensor">The argument.</param>
    /// <param name="dims">Expected size per dim, <see cref="Any"/> where it varies.</param>
    /// <param name="expected">The declared symbolic shape for the message ("[B, 1, 28, 28]").</param>
    /// <param name="dtype">Expected element type, or null to accept any.</param>
    public static void Check(string model, string argument, torch.Tensor tensor, long[] dims, string expected, torch.ScalarType? dtype = null)
    {
        if (tensor.Dimensions != dims.Length)
        {
            Fail(model, argument, tensor, expected, $"rank {tensor.Dimensions}, expected rank {dims.Length}");
        }

        for (var i = 0; i < dims.Length; i++)
        {
            var want = dims[i];
            if (want != Any && tensor.size(i) != want)
            {
                Fail(model, argument, tensor, expected, $"dim {i}: expected {want}, got {tensor.size(i)}");
            }
        }

        if (dtype is { } type && tensor.dtype != type)
        {
            Fail(model, argument, tensor, expected, $"dtype {tensor.dtype}, expected {type}");
        }
    }

    /// <summary>
    /// The check of an input declared without a Dtype, a floating-point input: besides rank and dims,
    /// a floating-point tensor of the model's own dtype (its parameters', whatever .to() made them;
    /// any floating dtype while it has none), so a float64 or int64 tensor into a float32 model is
    /// named here rather than failing inside a layer.
    /// </summary>
    public static void Check(string model, string argument, torch.Tensor tensor, long[] dims, string expected, torch.nn.Module owner)
    {
        Check(model, argument, tensor, dims, expected);
        if (!tensor.is_floating_point())
        {
            Fail(model, argument, tensor, expected, $"dtype {tensor.dtype}, expected a floating-point tensor; an input of ids or labels declares it: [Input(..., Dtype = DType.Int64)]");
        }

        // parameters() yields lazily: this reads the first parameter only.
        if (owner.parameters().FirstOrDefault() is { } parameter && parameter.dtype != tensor.dtype)
        {
            Fail(model, argument, tensor, expected, $"dtype {tensor.dtype}, expected {parameter.dtype}, the model's; convert the input with .to({parameter.dtype}) or the model with .to({tensor.dtype})");
        }
    }

    /// <summary>
    /// A block's stated <c>In =</c> for an input dim the checker could not know at compile time,
    /// checked when the block runs: dim <paramref name="fromEnd"/> places from the end.
    /// </summary>
    public static void CheckDim(string model, string block, torch.Tensor tensor, int fromEnd, long expected)
    {
        var rank = tensor.Dimensions;
        if (rank < fromEnd || tensor.size((int)(rank - fromEnd)) != expected)
        {
            var shape = "[..., " + expected.ToString(CultureInfo.InvariantCulture) + string.Concat(Enumerable.Repeat(", ?", fromEnd - 1)) + "]";
            var got = rank < fromEnd ? $"rank {rank}" : tensor.size((int)(rank - fromEnd)).ToString(CultureInfo.InvariantCulture);
            Fail(model + "." + block, "input", tensor, shape, $"dim -{fromEnd}: In = {expected}, got {got}");
        }
    }

    private static void Fail(string model, string argument, torch.Tensor tensor, string expected, string detail)
    {
        var actual = "[" + string.Join(", ", tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
        throw new ShapeMismatchException(model, argument, expected, actual, detail);
    }
}
