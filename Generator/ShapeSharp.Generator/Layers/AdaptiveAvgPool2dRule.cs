using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>AdaptiveAvgPool2d: the last two dims become the requested size.</summary>
internal sealed class AdaptiveAvgPool2dRule : LayerRule
{
    public override string Kind => "AdaptiveAvgPool2d";

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(3, 4))
        {
            return LayerResult.Failed;
        }

        var square = c.Has("size");
        var height = square ? c.RequiredPositive("size") : c.RequiredPositive("height");
        var width = square ? height : c.RequiredPositive("width");
        var output = c.Input.With(-2, Dim.Of(height)).With(-1, Dim.Of(width));
        var argument = square ? LayerContext.Literal(height) : $"({LayerContext.Literal(height)}, {LayerContext.Literal(width)})";
        return new LayerResult(output, Factory(argument), Dim.Of(0));
    }
}
