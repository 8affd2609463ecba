using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// PixelShuffle(r): [*, C r², H, W] -> [*, C, H r, W r]; PixelUnshuffle(r): [*, C, H r, W r] -> [*, C r², H, W].
/// A constant dim that r does not divide is an error.
/// </summary>
internal sealed class PixelShuffleRule : LayerRule
{
    private readonly bool _unshuffle;

    public PixelShuffleRule(bool unshuffle)
    {
        _unshuffle = unshuffle;
        Kind = unshuffle ? "PixelUnshuffle" : "PixelShuffle";
    }

    public override string Kind { get; }

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        var name = _unshuffle ? "downscaleFactor" : "upscaleFactor";
        var r = c.RequiredPositive(name);
        if (c.Input.Rank < 3)
        {
            c.RequireRank(3, 4);
            return LayerResult.Failed;
        }

        var (channels, height, width) = (c.Input.At(-3), c.Input.At(-2), c.Input.At(-1));
        var divided = _unshuffle ? new[] { (height, "height"), (width, "width") } : new[] { (channels, "channel count") };
        var divisor = _unshuffle ? r : checked(r * r);
        foreach (var (dim, what) in divided)
        {
            if (dim.IsConstant && dim.Constant % divisor != 0)
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf(name), Kind, name,
                    $"= {r} needs a {what} divisible by {divisor}, but its input {c.Input} has {dim.Constant}");
                return LayerResult.Failed;
            }
        }

        var output = _unshuffle
            ? c.Input.With(-3, channels * (r * r)).With(-2, height.FloorDiv(r)).With(-1, width.FloorDiv(r))
            : c.Input.With(-3, channels.FloorDiv(r * r)).With(-2, height * r).With(-1, width * r);
        return new LayerResult(output, Factory(LayerContext.Literal(r)), Dim.Of(0));
    }
}
