using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>MaxPool1d / MaxPool2d / AvgPool2d: the trailing spatial dims shrink, channels stay.</summary>
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

        var kernel = c.RequiredPositive("kernel");
        var stride = c.Int("Stride", 0, 0);
        var padding = c.Int("Padding", 0, 0);
        var dilation = HasDilation ? c.Int("Dilation", 1, 1) : 1;
        var ceilMode = c.Bool("CeilMode", false);
        if (padding * 2 > kernel)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Padding"), Kind, "Padding",
                $"must be at most half the kernel size {kernel}, but is {padding}");
        }

        var effectiveStride = stride == 0 ? kernel : stride;
        var output = c.Input;
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis, Spatial.Output(c.Input.At(axis), kernel, effectiveStride, padding, dilation, ceilMode));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "kernel"))
            {
                return LayerResult.Failed;
            }
        }

        var arguments = new Arguments().Add(LayerContext.Literal(kernel)).Named("stride", stride, 0).Named("padding", padding, 0);
        if (HasDilation)
        {
            arguments.Named("dilation", dilation, 1);
        }

        arguments.Named("ceil_mode", ceilMode, false);
        AddOptions(c, arguments);
        return new LayerResult(output, Factory(arguments.ToString()), Dim.Of(0));
    }

    protected virtual void AddOptions(LayerContext c, Arguments arguments)
    {
    }
}

internal sealed class MaxPool1dRule : PoolingRule
{
    public override string Kind => "MaxPool1d";

    protected override int SpatialDims => 1;
}

internal sealed class MaxPool2dRule : PoolingRule
{
    public override string Kind => "MaxPool2d";

    protected override int SpatialDims => 2;
}

internal sealed class AvgPool2dRule : PoolingRule
{
    public override string Kind => "AvgPool2d";

    protected override int SpatialDims => 2;

    protected override bool HasDilation => false;

    protected override void AddOptions(LayerContext c, Arguments arguments) =>
        arguments.Named("count_include_pad", c.Bool("CountIncludePad", true), true);
}
