using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>BatchNorm1d ([N, C] or [N, C, L]) / BatchNorm2d ([N, C, H, W]): normalizes over dim 1.</summary>
internal abstract class BatchNormRule : LayerRule
{
    protected abstract int[] Ranks { get; }

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(Ranks))
        {
            return LayerResult.Failed;
        }

        var features = c.InputSize(1, "its feature count (dim 1)");
        var affine = c.Bool("Affine", true);
        var construction = Factory(new Arguments()
            .Add(c.Code(features))
            .Named("eps", c.Real("Eps", 1e-5), 1e-5)
            .Named("momentum", c.Real("Momentum", 0.1), 0.1)
            .Named("affine", affine, true)
            .Named("track_running_stats", c.Bool("TrackRunningStats", true), true).ToString());
        return new LayerResult(c.Input, construction, affine ? features * 2 : Dim.Of(0));
    }
}

internal sealed class BatchNorm1dRule : BatchNormRule
{
    public override string Kind => "BatchNorm1d";

    protected override int[] Ranks => new[] { 2, 3 };
}

internal sealed class BatchNorm2dRule : BatchNormRule
{
    public override string Kind => "BatchNorm2d";

    protected override int[] Ranks => new[] { 4 };
}
