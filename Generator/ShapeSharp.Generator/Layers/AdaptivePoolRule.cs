using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>AdaptiveAvgPool1d/2d, AdaptiveMaxPool1d/2d: the trailing spatial dims become the requested size.</summary>
internal sealed class AdaptivePoolRule : LayerRule
{
    private readonly int _axes;

    public AdaptivePoolRule(string reduction, int axes)
    {
        _axes = axes;
        Kind = "Adaptive" + reduction + "Pool" + axes + "d";
    }

    public override string Kind { get; }

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(_axes + 1, _axes + 2))
        {
            return LayerResult.Failed;
        }

        // One size for every axis, or (height, width).
        var square = c.Has("size");
        var sizes = square
            ? AxisOptions.Repeat(c.RequiredPositive("size"), _axes)
            : new[] { c.RequiredPositive("height"), c.RequiredPositive("width") };
        var output = c.Input;
        for (var i = 0; i < _axes; i++)
        {
            output = output.With(i - _axes, Dim.Of(sizes[i]));
        }

        // TorchSharp's AdaptiveMaxPool2d takes a long[]; the others a long or a tuple.
        var argument = Kind == "AdaptiveMaxPool2d"
            ? "new long[] { " + string.Join(", ", sizes.Select(LayerContext.Literal)) + " }"
            : square ? LayerContext.Literal(sizes[0]) : AxisOptions.Literal(sizes);
        return new LayerResult(output, Factory(argument), Dim.Of(0));
    }
}
