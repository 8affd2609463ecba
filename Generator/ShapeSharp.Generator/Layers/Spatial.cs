using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>PyTorch's output-size arithmetic for convolutions and pooling.</summary>
internal static class Spatial
{
    /// <summary>floor((n + 2p - d(k - 1) - 1) / s) + 1, or ceil with ceil_mode.</summary>
    public static Dim Output(Dim n, long kernel, long stride, long padding, long dilation, bool ceilMode = false)
    {
        var numerator = n + (2 * padding - dilation * (kernel - 1) - 1);
        var size = (ceilMode ? numerator.CeilDiv(stride) : numerator.FloorDiv(stride)) + 1;

        // ceil_mode must not start a window in the right padding (PyTorch's pooling_output_shape).
        if (ceilMode && size.IsConstant && n.IsConstant && (size.Constant - 1) * stride >= n.Constant + padding)
        {
            size -= 1;
        }

        return size;
    }

    /// <summary>The same with a stride or dilation that is a model size: floor((n + 2p - d(k - 1) - 1) / s) + 1 over symbols.</summary>
    public static Dim Output(Dim n, long kernel, Dim stride, long padding, Dim dilation) =>
        (n + (2 * padding - 1) - dilation * (kernel - 1)).DivideBy(stride) + 1;

    /// <summary>(n - 1)s - 2p + d(k - 1) + output_padding + 1, as ConvTranspose computes it.</summary>
    public static Dim TransposedOutput(Dim n, long kernel, long stride, long padding, long outputPadding, long dilation) =>
        (n - 1) * stride + (-2 * padding + dilation * (kernel - 1) + outputPadding + 1);

    /// <summary>Names of the trailing spatial dims in messages.</summary>
    public static string Name(int spatialDims, int index) =>
        spatialDims == 1 ? "the length" : (index + 3 - spatialDims) switch { 0 => "the depth", 1 => "the height", _ => "the width" };
}
