using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>MaxPool1d/2d/3d and AvgPool1d/2d/3d: the trailing spatial dims shrink, channels stay.</summary>
internal abstract class PoolingRule : LayerRule
{
    protected abstract int SpatialDims { get; }

    protected virtual bool HasDilation => true;

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(SpatialDims + 1, SpatialDims + 2))
        {
            return LayerResult.Failed;
        }

        var kernel = c.RequiredPerAxis("kernel", SpatialDims);
        // 0 (or leaving it out) means the kernel size, as PyTorch's None.
        var written = c.PerAxis("Stride", SpatialDims, 0, 0);
        var stride = written.Select((s, i) => s == 0 ? kernel[i] : s).ToArray();
        var padding = c.PerAxis("Padding", SpatialDims, 0, 0);
        var dilation = HasDilation ? c.PerAxis("Dilation", SpatialDims, 1, 1) : AxisOptions.Repeat(1, SpatialDims);
        var ceilMode = c.Bool("CeilMode", false);
        if (Enumerable.Range(0, SpatialDims).Any(i => padding[i] * 2 > kernel[i]))
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Padding"), Kind, "Padding",
                $"must be at most half the kernel size {AxisOptions.Text(kernel)}, but is {AxisOptions.Text(padding)}");
        }

        var output = c.Input;
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis, Spatial.Output(c.Input.At(axis), kernel[i], stride[i], padding[i], dilation[i], ceilMode));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "kernel"))
            {
                return LayerResult.Failed;
            }
        }

        var tuples = new[] { kernel, written, padding, dilation }.Any(v => !AxisOptions.Uniform(v));
        string Axes(long[] values) => tuples ? AxisOptions.Literal(values) : LayerContext.Literal(values[0]);
        var arguments = new Arguments().Add(Axes(kernel));
        if (written.Any(s => s != 0))
        {
            // PyTorch's stride None is the kernel; once given per axis, every axis is written out.
            arguments.Add("stride: " + Axes(stride));
        }

        if (padding.Any(p => p != 0))
        {
            arguments.Add("padding: " + Axes(padding));
        }

        if (dilation.Any(d => d != 1))
        {
            arguments.Add("dilation: " + Axes(dilation));
        }

        arguments.Named("ceil_mode", ceilMode, false);
        AddOptions(c, arguments);
        return new LayerResult(output, Factory(arguments.ToString()), Dim.Of(0));
    }

    protected virtual void AddOptions(LayerContext c, Arguments arguments)
    {
    }
}

internal sealed class MaxPoolRule : PoolingRule
{
    private readonly int _axes;

    public MaxPoolRule(int axes)
    {
        _axes = axes;
        Kind = "MaxPool" + axes + "d";
    }

    public override string Kind { get; }

    protected override int SpatialDims => _axes;
}

internal sealed class AvgPoolRule : PoolingRule
{
    private readonly int _axes;

    public AvgPoolRule(int axes)
    {
        _axes = axes;
        Kind = "AvgPool" + axes + "d";
    }

    public override string Kind { get; }

    protected override int SpatialDims => _axes;

    protected override bool HasDilation => false;

    protected override void AddOptions(LayerContext c, Arguments arguments)
    {
        arguments.Named("count_include_pad", c.Bool("CountIncludePad", true), true);
        if (_axes > 1 && c.Int("DivisorOverride", 0, 0) is > 0 and var divisor)
        {
            arguments.Add("divisor_override: " + LayerContext.Literal(divisor));
        }
    }
}
