using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>ConvTranspose2d: [N, C, H, W] -> [N, out, (H - 1)s - 2p + d(k - 1) + op + 1, ...].</summary>
internal sealed class ConvTranspose2dRule : LayerRule
{
    public override string Kind => "ConvTranspose2d";

    public override bool IsSpatial => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(3, 4))
        {
            return LayerResult.Failed;
        }

        var outChannels = c.Size("outChannels");
        var kernel = c.RequiredPositive("Kernel");
        var stride = c.Int("Stride", 1, 1);
        var padding = c.Int("Padding", 0, 0);
        var outputPadding = c.Int("OutputPadding", 0, 0);
        var dilation = c.Int("Dilation", 1, 1);
        var groups = c.Int("Groups", 1, 1);
        var bias = c.Bool("Bias", true);
        if (outputPadding >= stride && outputPadding >= dilation)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("OutputPadding"), Kind, "OutputPadding",
                $"must be smaller than Stride or Dilation, but is {outputPadding}");
        }

        var inChannels = c.InputSize(-3, "its input channel count");
        ConvolutionRule.CheckGroups(c, groups, inChannels, outChannels);

        var output = c.Input.With(-3, outChannels);
        for (var axis = -2; axis < 0; axis++)
        {
            output = output.With(axis, Spatial.TransposedOutput(c.Input.At(axis), kernel, stride, padding, outputPadding, dilation));
        }

        for (var i = 0; i < 2; i++)
        {
            if (!c.CheckPositive(output.At(i - 2), Spatial.Name(2, i), output, "Padding"))
            {
                return LayerResult.Failed;
            }
        }

        var weights = inChannels * outChannels.FloorDiv(groups) * (kernel * kernel);
        var construction = Factory(new Arguments()
            .Add(c.Code(inChannels)).Add(c.Code(outChannels)).Add("kernel_size: " + LayerContext.Literal(kernel))
            .Named("stride", stride, 1).Named("padding", padding, 0).Named("output_padding", outputPadding, 0)
            .Named("dilation", dilation, 1).Named("groups", groups, 1).Named("bias", bias, true).ToString());
        return new LayerResult(output, construction, weights + (bias ? outChannels : Dim.Of(0)));
    }
}
