using ShapeSharp.Generator.Checking;

namespace ShapeSharp.Generator.Layers;

/// <summary>RMSNorm over the last dim (ShapeSharp.Modules.RMSNorm); the shape is unchanged.</summary>
internal sealed class RMSNormRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "RMSNorm";

    public override string FieldType => "global::ShapeSharp.Modules.RMSNorm";

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        var features = c.InputSize(-1, "its normalized size (the last dim)");
        var eps = c.Real("Eps", 1e-6);
        var arguments = new Arguments().Add(c.Code(features)).Named("eps", eps, 1e-6).ToString();
        return new LayerResult(c.Input, "new " + FieldType + "(" + arguments + ")", features);
    }
}
