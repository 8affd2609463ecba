using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// MultiheadAttention on a batch-first query [B, T, E]: output [B, T, E]; attention weights
/// [B, T, S] (S, the key's length, is filled in at the call). Parameters: the packed in-projection
/// 3E x E (+ 3E bias) and the out-projection E x E (+ E bias).
/// </summary>
internal sealed class MultiheadAttentionRule : LayerRule
{
    public override string Kind => "MultiheadAttention";

    public override LayerResult Apply(LayerContext c)
    {
        var heads = c.Int("heads", 1, 1, "must be a positive number of heads");
        var dropout = c.Probability("Dropout", 0);
        var bias = c.Bool("Bias", true);

        if (!c.RequireRank(3))
        {
            return LayerResult.Failed;
        }

        var width = c.InputSize(-1, "its query width");
        if (width.IsConstant && width.Constant % heads != 0)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("heads"), Kind, "heads",
                $"must divide the width {width.Constant} of its query {c.Input}, but is {heads}");
        }

        var construction = Factory(new Arguments()
            .Add(c.Code(width))
            .Add(LayerContext.Literal(heads))
            .Named("dropout", dropout, 0)
            .Named("bias", bias, true).ToString());
        var parameters = width * width * 4 + (bias ? width * 4 : Dim.Of(0));
        var weights = new Shape(new[] { c.Input[0], c.Input[1], Dim.Unknown });
        return new LayerResult(c.Input, construction, parameters, c.Input.NoteAt(-1), States: new[] { weights });
    }
}
