using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>LayerNorm over the last dim; the shape is unchanged.</summary>
internal sealed class LayerNormRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "LayerNorm";

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        var features = c.InputSize(-1, "its normalized size (the last dim)");
        var affine = c.Bool("ElementwiseAffine", true);
        var construction = Factory(new Arguments()
            .Add(c.Code(features))
            .Named("eps", c.Real("Eps", 1e-5), 1e-5)
            .Named("elementwise_affine", affine, true).ToString());
        return new LayerResult(c.Input, construction, affine ? features * 2 : Dim.Of(0));
    }
}
