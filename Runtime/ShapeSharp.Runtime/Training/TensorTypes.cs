using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>Element sizes of the dtypes a checkpoint may hold; any other number in a file is refused.</summary>
internal static class TensorTypes
{
    /// <summary>Bytes per element, or 0 for a dtype checkpoints do not hold.</summary>
    public static int ElementSize(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Byte or torch.ScalarType.Int8 or torch.ScalarType.Bool => 1,
        torch.ScalarType.Int16 or torch.ScalarType.Float16 or torch.ScalarType.BFloat16 => 2,
        torch.ScalarType.Int32 or torch.ScalarType.Float32 => 4,
        torch.ScalarType.Int64 or torch.ScalarType.Float64 or torch.ScalarType.ComplexFloat32 => 8,
        torch.ScalarType.ComplexFloat64 => 16,
        _ => 0,
    };

    public static bool IsFloating(torch.ScalarType type) => type is
        torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Float32 or torch.ScalarType.Float64 or
        torch.ScalarType.ComplexFloat32 or torch.ScalarType.ComplexFloat64;
}
