using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// Dropout, AlphaDropout (any rank), Dropout1d ([N, C, L] or [C, L]) and Dropout2d ([N, C, H, W]
/// or [C, H, W]): p in [0, 1); the shape is unchanged.
/// </summary>
internal sealed class DropoutRule : LayerRule
{
    private readonly int[]? _ranks;

    public DropoutRule(string kind, params int[] ranks)
    {
        Kind = kind;
        _ranks = ranks.Length == 0 ? null : ranks;
    }

    public override string Kind { get; }

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c)
    {
        if (_ranks is not null && !c.RequireRank(_ranks))
        {
            return LayerResult.Failed;
        }

        var p = c.Probability("p", 0.5);
        return new LayerResult(c.Input, Factory(new Arguments().Named("p", p, 0.5).ToString()), Dim.Of(0));
    }
}
