using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Dropout(p), p in [0, 1); the shape is unchanged.</summary>
internal sealed class DropoutRule : LayerRule
{
    public override string Kind => "Dropout";

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        var p = c.Probability("p", 0.5);
        return new LayerResult(c.Input, Factory(new Arguments().Named("p", p, 0.5).ToString()), Dim.Of(0));
    }
}
