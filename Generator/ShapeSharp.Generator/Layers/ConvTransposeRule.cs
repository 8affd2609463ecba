using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>ConvTranspose1d / 2d: [N, C, *spatial] -> [N, out, (n - 1)s - 2p + d(k - 1) + op + 1 per axis].</summary>
internal abstract class ConvTransposeRule : LayerRule
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

        var outChannels = c.Size("outChannels");
        var kernel = c.RequiredPerAxis("Kernel", SpatialDims);
        var stride = c.PerAxis("Stride", SpatialDims, 1, 1);
        var text = c.Spec.Find("Padding") is { Value.Kind: Model.ArgKind.Text } written ? written : null;
        if (text is not null)
        {
            // PyTorch's ConvTranspose takes no padding string.
            c.Report(DiagnosticDescriptors.InvalidArgument, text.Location, Kind, "Padding", $"must be an int or an int[] (PyTorch's {Kind} takes no \"same\" or \"valid\"), but is {text.Value.Literal}");
        }

        var padding = text is null ? c.PerAxis("Padding", SpatialDims, 0, 0) : AxisOptions.Repeat(0, SpatialDims);
        var outputPadding = c.PerAxis("OutputPadding", SpatialDims, 0, 0);
        var dilation = c.PerAxis("Dilation", SpatialDims, 1, 1);
        var groups = c.Int("Groups", 1, 1);
        var bias = c.Bool("Bias", true);
        if (Enumerable.Range(0, SpatialDims).Any(i => outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]))
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("OutputPadding"), Kind, "OutputPadding",
                $"must be smaller than Stride or Dilation, but is {AxisOptions.Text(outputPadding)}");
        }

        var channelAxis = -(SpatialDims + 1);
        var inChannels = c.InputSize(channelAxis, "its input channel count");
        ConvolutionRule.CheckGroups(c, groups, inChannels, outChannels);

        var output = c.Input.With(channelAxis, outChannels);
        for (var i = 0; i < SpatialDims; i++)
        {
            var axis = i - SpatialDims;
            output = output.With(axis, Spatial.TransposedOutput(c.Input.At(axis), kernel[i], stride[i], padding[i], outputPadding[i], dilation[i]));
        }

        for (var i = 0; i < SpatialDims; i++)
        {
            if (!c.CheckPositive(output.At(i - SpatialDims), Spatial.Name(SpatialDims, i), output, "Padding"))
            {
                return LayerResult.Failed;
            }
        }

        var weights = inChannels * outChannels.FloorDiv(groups) * kernel.Aggregate(1L, (a, k) => checked(a * k));
        var tuples = new[] { kernel, stride, padding, outputPadding, dilation }.Any(v => !AxisOptions.Uniform(v));
        string Axes(long[] values) => tuples ? AxisOptions.Literal(values) : LayerContext.Literal(values[0]);
        var arguments = new Arguments().Add(c.Code(inChannels)).Add(c.Code(outChannels)).Add("kernel_size: " + Axes(kernel));
        foreach (var (name, values, fallback) in new[] { ("stride", stride, 1L), ("padding", padding, 0L), ("output_padding", outputPadding, 0L), ("dilation", dilation, 1L) })
        {
            if (values.Any(v => v != fallback))
            {
                arguments.Add(name + ": " + Axes(values));
            }
        }

        arguments.Named("groups", groups, 1).Named("bias", bias, true);
        // TorchSharp 0.107's ConvTranspose2d gives both axes the first output padding; ShapeSharp's module does not.
        var fixedModule = AxisOptions.Uniform(outputPadding) ? null : "global::ShapeSharp.Modules." + Kind;
        var construction = fixedModule is null ? Factory(arguments.ToString()) : "new " + fixedModule + "(" + arguments + ")";
        return new LayerResult(output, construction, weights + (bias ? outChannels : Dim.Of(0)), FieldType: fixedModule);
    }
}

internal sealed class ConvTranspose1dRule : ConvTransposeRule
{
    public override string Kind => "ConvTranspose1d";

    protected override int SpatialDims => 1;
}

internal sealed class ConvTranspose2dRule : ConvTransposeRule
{
    public override string Kind => "ConvTranspose2d";

    protected override int SpatialDims => 2;
}
