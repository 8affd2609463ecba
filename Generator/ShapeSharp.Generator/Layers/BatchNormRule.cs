using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// BatchNorm1d ([N, C] or [N, C, L]) / 2d ([N, C, H, W]) / 3d ([N, C, D, H, W]) and InstanceNorm1d
/// ([N, C, L] or [C, L]) / 2d ([N, C, H, W] or [C, H, W]): per-channel statistics; the shape is unchanged.
/// </summary>
internal sealed class BatchNormRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    private readonly int[] _ranks;
    private readonly bool _instance;

    public BatchNormRule(string kind, params int[] ranks)
    {
        Kind = kind;
        _ranks = ranks;
        _instance = kind.StartsWith("Instance", System.StringComparison.Ordinal);
    }

    public override string Kind { get; }

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (!c.RequireRank(_ranks))
        {
            return LayerResult.Failed;
        }

        // Instance norm takes unbatched input, so its channels are counted from the end.
        var channelAxis = _instance ? -(_ranks[1] - 1) : 1;
        var features = c.InputSize(channelAxis, "its feature count (the channel dim)");
        var affine = c.Bool("Affine", !_instance);
        var construction = Factory(new Arguments()
            .Add(c.Code(features))
            .Named("eps", c.Real("Eps", 1e-5), 1e-5)
            .Named("momentum", c.Real("Momentum", 0.1), 0.1)
            .Named("affine", affine, !_instance)
            .Named("track_running_stats", c.Bool("TrackRunningStats", !_instance), !_instance).ToString());
        return new LayerResult(c.Input, construction, affine ? features * 2 : Dim.Of(0));
    }
}
