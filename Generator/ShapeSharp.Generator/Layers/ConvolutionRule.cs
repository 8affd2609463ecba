using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Conv1d / Conv2d / Conv3d: [N, C, *spatial] -> [N, out, *spatial'] (unbatched input accepted, as PyTorch).</summary>
internal abstract class ConvolutionRule : LayerRule
{
    protected abstract int SpatialDims { get; }

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(SpatialDims + 1, SpatialDims + 2))
        {
            return LayerResult.Failed;
        }

        if (c.Input.Rank == SpatialDims + 1 && c.Input[0].HasFreeSymbols)
        {
            // PyTorch's unbatched form [C, *spatial]: with a free first dim it is a batch that lost its channel dim.
            c.ReportInput(DiagnosticDescriptors.RankMismatch, c.Spec.Location, Kind,
                $"{SpatialDims + 2} (or {SpatialDims + 1}, unbatched, with a constant channel count)", c.Input.ToString(),
                (SpatialDims + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return LayerResult.Failed;
        }

        var outChannels = c.Size("outChannels");
        var kernel = c.RequiredPerAxis("Kernel", SpatialDims);
        var stride = c.PerAxis("Stride", SpatialDims, 1, 1);
        var mode = c.PaddingMode();
        var padding = mode is null ? c.PerAxis("Padding", SpatialDims, 0, 0) : AxisOptions.Repeat(0, SpatialDims);
        var dilation = c.PerAxis("Dilation", SpatialDims, 1, 1);
        var groups = c.Int("Groups", 1, 1);
        var bias = c.Bool("Bias", true);
        var same = mode == "same";
        if (same && stride.Any(s => s != 1))
        {
            // PyTorch: "padding='same' is not supported for strided convolutions".
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Padding"), Kind, "Padding",
                $"= \"same\" needs Stride = 1 (as in PyTorch), but Stride is {AxisOptions.Text(stride)}");
            same = false;
        }

        var channelAxis = -(SpatialDims + 1);
        var inChannels = c.InputSize(channelAxis, "its input channel count");
        CheckGroups(c, groups, inChannels, outChannels);

        var output = c.Input.With(channelAxis, outChannels);
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis, same ? c.Input.At(axis) : Spatial.Output(c.Input.At(axis), kernel[i], stride[i], padding[i], dilation[i]));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "Kernel"))
            {
                return LayerResult.Failed;
            }
        }

        var weights = outChannels * inChannels.FloorDiv(groups) * kernel.Aggregate(1L, (a, k) => checked(a * k));
        var tuples = new[] { kernel, stride, padding, dilation }.Any(v => !AxisOptions.Uniform(v));
        string Axes(long[] values) => tuples ? AxisOptions.Literal(values) : LayerContext.Literal(values[0]);
        var arguments = new Arguments().Add(c.Code(inChannels)).Add(c.Code(outChannels)).Add("kernel_size: " + Axes(kernel));
        if (same)
        {
            arguments.Add("padding: global::TorchSharp.Padding.Same");
        }

        if (stride.Any(s => s != 1))
        {
            arguments.Add("stride: " + Axes(stride));
        }

        if (!same && padding.Any(p => p != 0))
        {
            arguments.Add("padding: " + Axes(padding));
        }

        if (dilation.Any(d => d != 1))
        {
            arguments.Add("dilation: " + Axes(dilation));
        }

        var construction = Factory(arguments.Named("groups", groups, 1).Named("bias", bias, true).ToString());
        return new LayerResult(output, construction, weights + (bias ? outChannels : Dim.Of(0)));
    }

    /// <summary>One SS0007 at Groups naming every channel count it fails to divide (one mistake, one diagnostic).</summary>
    internal static void CheckGroups(LayerContext c, long groups, Dim inChannels, Dim outChannels)
    {
        if (groups <= 1)
        {
            return;
        }

        var failing = new[] { (inChannels, "input"), (outChannels, "output") }
            .Where(p => p.Item1.IsConstant && p.Item1.Constant % groups != 0)
            .Select(p => $"the {p.Item2} channel count {p.Item1.Constant}")
            .ToList();
        if (failing.Count == 0)
        {
            return;
        }

        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Groups"), c.Kind, "Groups",
            $"must divide {string.Join(" and ", failing)} (input {c.Input}), but is {groups}");
        if (failing.Count == 1 && failing[0].Contains("input"))
        {
            c.ReportInput(diagnostic);
        }
        else
        {
            c.Report(diagnostic);
        }
    }
}

internal sealed class Conv1dRule : ConvolutionRule
{
    public override string Kind => "Conv1d";

    protected override int SpatialDims => 1;
}

internal sealed class Conv2dRule : ConvolutionRule
{
    public override string Kind => "Conv2d";

    protected override int SpatialDims => 2;
}

internal sealed class Conv3dRule : ConvolutionRule
{
    public override string Kind => "Conv3d";

    protected override int SpatialDims => 3;
}
