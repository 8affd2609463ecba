namespace ShapeSharp;

/// <summary>The moment settings Adam and AdamW share (PyTorch's defaults).</summary>
public abstract class AdamFamilyAttribute : OptimizerAttribute
{
    public double Beta1 { get; set; } = 0.9;

    public double Beta2 { get; set; } = 0.999;

    public double Eps { get; set; } = 1e-8;

    public bool AmsGrad { get; set; }
}
