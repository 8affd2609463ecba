using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Conv1d / Conv2d: [N, C, *spatial] -> [N, out, *spatial'] (unbatched input accepted, as PyTorch).</summary>
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
        var kernel = c.RequiredPositive("Kernel");
        var stride = c.Int("Stride", 1, 1);
        var padding = c.Int("Padding", 0, 0);
        var dilation = c.Int("Dilation", 1, 1);
        var groups = c.Int("Groups", 1, 1);
        var bias = c.Bool("Bias", true);
        var channelAxis = -(SpatialDims + 1);
        var inChannels = c.InputSize(channelAxis, "its input channel count");
        CheckGroups(c, groups, inChannels, outChannels);

        var output = c.Input.With(channelAxis, outChannels);
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis, Spatial.Output(c.Input.At(axis), kernel, stride, padding, dilation));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "Kernel"))
            {
                return LayerResult.Failed;
            }
        }

        var weights = outChannels * inChannels.FloorDiv(groups) * Power(kernel, SpatialDims);
        var construction = Factory(new Arguments()
            .Add(c.Code(inChannels)).Add(c.Code(outChannels)).Add("kernel_size: " + LayerContext.Literal(kernel))
            .Named("stride", stride, 1).Named("padding", padding, 0).Named("dilation", dilation, 1)
            .Named("groups", groups, 1).Named("bias", bias, true).ToString());
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

    internal static long Power(long value, int exponent)
    {
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result = checked(result * value);
        }

        return result;
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
