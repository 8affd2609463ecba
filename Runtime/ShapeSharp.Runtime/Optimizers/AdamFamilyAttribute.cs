namespace ShapeSharp;

/// <summary>The moment settings Adam and AdamW share (PyTorch's defaults).</summary>
public abstract class AdamFamilyAttribute : OptimizerAttribute
{
    public double Beta1 { get; set; } = 0.9;

    public double Beta2 { get; set; } = 0.999;

    public double Eps { get; set; } = 1e-8;

    public bool AmsGrad { get; set; }

    /// <summary>
    /// The fused optimizer with libtorch's one-pass kernel (implies <see cref="OptimizerAttribute.Fused"/>):
    /// the fastest step on large models, equal to TorchSharp's to float rounding rather than bit for bit.
    /// </summary>
    public bool OnePass { get; set; }
}
