using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>GroupNorm(groups) over [N, C, *]: the groups must divide the channel count C; the shape is unchanged.</summary>
internal sealed class GroupNormRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "GroupNorm";

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        var groups = c.Int("groups", 1, 1, "must be a positive number of groups");
        if (c.Input.Rank < 2)
        {
            c.RequireRank(2, 3, 4, 5);
            return LayerResult.Failed;
        }

        var channels = c.InputSize(1, "its channel count (dim 1)");
        if (channels.IsConstant && channels.Constant % groups != 0)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("groups"), Kind, "groups",
                $"must divide the channel count {channels.Constant} of its input {c.Input}, but is {groups}");
            return LayerResult.Failed;
        }

        var affine = c.Bool("Affine", true);
        var construction = Factory(new Arguments()
            .Add(LayerContext.Literal(groups))
            .Add(c.Code(channels))
            .Named("eps", c.Real("Eps", 1e-5), 1e-5)
            .Named("affine", affine, true).ToString());
        return new LayerResult(c.Input, construction, affine ? channels * 2 : Dim.Of(0));
    }
}

/// <summary>LocalResponseNorm(size) across the channels of [N, C, *] (rank 3 or more); the shape is unchanged.</summary>
internal sealed class LocalResponseNormRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public override string Kind => "LocalResponseNorm";

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        var size = c.RequiredPositive("size");
        if (c.Input.Rank < 3)
        {
            c.RequireRank(3, 4, 5);
            return LayerResult.Failed;
        }

        var construction = Factory(new Arguments()
            .Add(LayerContext.Literal(size))
            .Named("alpha", c.Real("Alpha", 1e-4), 1e-4)
            .Named("beta", c.Real("Beta", 0.75), 0.75)
            .Named("k", c.Real("K", 1.0), 1.0).ToString());
        return new LayerResult(c.Input, construction, Dim.Of(0));
    }
}
