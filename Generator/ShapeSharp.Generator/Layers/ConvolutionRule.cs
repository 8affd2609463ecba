using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Conv1d / Conv2d / Conv3d: [N, C, *spatial] -> [N, out, *spatial'] (unbatched input accepted, as PyTorch).</summary>
internal abstract class ConvolutionRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Low;

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
        // Stride, Dilation and Groups may be model sizes ("S"), so one sub-model class serves each use's value.
        var strideSize = c.SizeOption("Stride");
        var stride = strideSize is null ? c.PerAxis("Stride", SpatialDims, 1, 1) : AxisOptions.Repeat(1, SpatialDims);
        var mode = c.PaddingMode();
        var padding = mode is null ? c.PerAxis("Padding", SpatialDims, 0, 0) : AxisOptions.Repeat(0, SpatialDims);
        var dilationSize = c.SizeOption("Dilation");
        var dilation = dilationSize is null ? c.PerAxis("Dilation", SpatialDims, 1, 1) : AxisOptions.Repeat(1, SpatialDims);
        var groupsSize = c.SizeOption("Groups");
        var groups = groupsSize is null ? c.Int("Groups", 1, 1) : 1;
        if (new[] { strideSize, dilationSize, groupsSize }.Any(s => s is { IsUnknown: true }))
        {
            return LayerResult.Failed;  // the size expression's own SS0007 says why
        }

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
        if (groupsSize is not null)
        {
            c.RequireDivisible($"{Kind}'s input channels {inChannels} by Groups", inChannels, groupsSize);
            c.RequireDivisible($"{Kind}'s output channels {outChannels} by Groups", outChannels, groupsSize);
        }

        var output = c.Input.With(channelAxis, outChannels);
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis,
                same ? c.Input.At(axis)
                : strideSize is null && dilationSize is null ? Spatial.Output(c.Input.At(axis), kernel[i], stride[i], padding[i], dilation[i])
                : Spatial.Output(c.Input.At(axis), kernel[i], strideSize ?? Dim.Of(stride[i]), padding[i], dilationSize ?? Dim.Of(dilation[i])));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "Kernel"))
            {
                return LayerResult.Failed;
            }
        }

        var weights = outChannels * (groupsSize is null ? inChannels.FloorDiv(groups) : inChannels.DivideBy(groupsSize)) * kernel.Aggregate(1L, (a, k) => checked(a * k));
        var tuples = new[] { kernel, stride, padding, dilation }.Any(v => !AxisOptions.Uniform(v));
        string Axes(long[] values) => tuples ? AxisOptions.Literal(values) : LayerContext.Literal(values[0]);
        var arguments = new Arguments().Add(c.Code(inChannels)).Add(c.Code(outChannels)).Add("kernel_size: " + Axes(kernel));
        if (same)
        {
            arguments.Add("padding: global::TorchSharp.Padding.Same");
        }

        if (strideSize is not null)
        {
            arguments.Add("stride: " + c.Code(strideSize));
        }
        else if (stride.Any(s => s != 1))
        {
            arguments.Add("stride: " + Axes(stride));
        }

        if (!same && padding.Any(p => p != 0))
        {
            arguments.Add("padding: " + Axes(padding));
        }

        if (dilationSize is not null)
        {
            arguments.Add("dilation: " + c.Code(dilationSize));
        }
        else if (dilation.Any(d => d != 1))
        {
            arguments.Add("dilation: " + Axes(dilation));
        }

        if (groupsSize is not null)
        {
            arguments.Add("groups: " + c.Code(groupsSize));
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
