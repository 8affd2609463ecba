using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// ZeroPad2d / ReflectionPad2d(padding) or (left, right, top, bottom) on [N, C, H, W] or [C, H, W]:
/// W grows by left + right, H by top + bottom. Reflection needs each pad below the dim it pads.
/// </summary>
internal sealed class PadRule : LayerRule
{
    public PadRule(string kind) => Kind = kind;

    public override string Kind { get; }

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(3, 4))
        {
            return LayerResult.Failed;
        }

        // Zero padding may be negative (PyTorch crops); a reflection cannot.
        var min = Kind == "ZeroPad2d" ? long.MinValue : 0;
        var all = c.Has("padding");
        var pads = all
            ? AxisOptions.Repeat(c.Int("padding", 0, min), 4)
            : new[] { "left", "right", "top", "bottom" }.Select(n => c.Int(n, 0, min)).ToArray();
        var (height, width) = (c.Input.At(-2), c.Input.At(-1));
        if (Kind == "ReflectionPad2d")
        {
            foreach (var (pad, dim, what) in new[] { (pads[0], width, "width"), (pads[1], width, "width"), (pads[2], height, "height"), (pads[3], height, "height") })
            {
                if (dim.IsConstant && pad >= dim.Constant)
                {
                    c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.Spec.Location, Kind, "the padding",
                        $"{pad} must be smaller than the {what} {dim.Constant} it reflects (input {c.Input})");
                    return LayerResult.Failed;
                }
            }
        }

        var output = c.Input.With(-2, height + (pads[2] + pads[3])).With(-1, width + (pads[0] + pads[1]));
        for (var i = 0; i < 2; i++)
        {
            if (!c.CheckPositive(output.At(i - 2), Spatial.Name(2, i), output, all ? "padding" : i == 0 ? "top" : "left"))
            {
                return LayerResult.Failed;
            }
        }

        var argument = all ? LayerContext.Literal(pads[0]) : AxisOptions.Literal(pads);
        return new LayerResult(output, Factory(argument), Dim.Of(0));
    }
}
