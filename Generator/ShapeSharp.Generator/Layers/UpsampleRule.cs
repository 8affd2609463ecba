using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// Upsample(scaleFactor) or Upsample(Size = ...): nearest on [N, C, *1 to 3 spatial dims], bilinear on
/// [N, C, H, W]; each spatial dim becomes floor(n * scale) or the given size. TorchSharp's module wants
/// one scale per spatial dim, so the rule writes the scale out per axis.
/// </summary>
internal sealed class UpsampleRule : LayerRule
{
    public override string Kind => "Upsample";

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        var mode = c.Spec.Find("Mode")?.Value.Text ?? "nearest";
        if (mode is not ("nearest" or "bilinear"))
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Mode"), Kind, "Mode", $"must be \"nearest\" or \"bilinear\", but is \"{mode}\"");
            return LayerResult.Failed;
        }

        var alignCorners = c.Bool("AlignCorners", false);
        if (alignCorners && mode == "nearest")
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("AlignCorners"), Kind, "AlignCorners", "only applies to bilinear (PyTorch refuses it for nearest)");
        }

        if (!(mode == "bilinear" ? c.RequireRank(4) : c.RequireRank(3, 4, 5)))
        {
            return LayerResult.Failed;
        }

        var axes = c.Input.Rank - 2;
        var hasScale = c.Has("scaleFactor");
        if (hasScale == c.Has("Size"))
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.Spec.Location, Kind, "the size", "takes either a scale factor or Size, not both or neither");
            return LayerResult.Failed;
        }

        var output = c.Input;
        string size = string.Empty, scale = string.Empty;
        if (hasScale)
        {
            var factor = c.Real("scaleFactor", 1.0);
            if (!(factor > 0))
            {
                c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("scaleFactor"), Kind, "scaleFactor", $"must be positive, but is {LayerContext.Literal(factor)}");
                return LayerResult.Failed;
            }

            for (var i = 0; i < axes; i++)
            {
                output = output.With(i - axes, Scaled(c.Input.At(i - axes), factor));
            }

            for (var i = 0; i < axes; i++)
            {
                if (!c.CheckPositive(output.At(i - axes), Spatial.Name(axes, i), output, "scaleFactor"))
                {
                    return LayerResult.Failed;
                }
            }

            scale = "new double[] { " + string.Join(", ", System.Linq.Enumerable.Repeat(LayerContext.Literal(factor), axes)) + " }";
        }
        else
        {
            var sizes = c.PerAxis("Size", axes, 1, 1);
            for (var i = 0; i < axes; i++)
            {
                output = output.With(i - axes, Dim.Of(sizes[i]));
            }

            size = "new long[] { " + string.Join(", ", sizes.Select(LayerContext.Literal)) + " }";
        }

        var arguments = new Arguments().Add(hasScale ? "scale_factor: " + scale : "size: " + size);
        if (mode == "bilinear")
        {
            arguments.Add("mode: global::TorchSharp.torch.UpsampleMode.Bilinear").Named("align_corners", alignCorners, false);
        }

        var construction = Factory(arguments.ToString());
        return new LayerResult(output, construction, Dim.Of(0));
    }

    /// <summary>floor(n * scale), as PyTorch computes it; an integer scale keeps a symbolic dim exact.</summary>
    private static Dim Scaled(Dim n, double scale)
    {
        if (scale == System.Math.Floor(scale) && scale < long.MaxValue)
        {
            return n * (long)scale;
        }

        return n.IsConstant ? Dim.Of((long)System.Math.Floor(n.Constant * scale)) : Dim.Unknown;
    }
}
