namespace ShapeSharp;

/// <summary>Element types an <see cref="InputAttribute"/> can declare (a subset of torch.ScalarType).</summary>
public enum DType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
    Int32,
    UInt8,
    Bool,
}
