using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// EmbeddingBag(vocabulary, width): bags of equal length, integer indices [B, L] -> [B, width], reduced
/// by Mode (mean, sum or max), PaddingIdx left out of each bag. ShapeSharp.Modules.EmbeddingBag
/// (TorchSharp's takes offsets as a second input, which a layer stack does not pass).
/// </summary>
internal sealed class EmbeddingBagRule : LayerRule
{
    public override string Kind => "EmbeddingBag";

    public override string FieldType => "global::ShapeSharp.Modules.EmbeddingBag";

    public override bool TakesIndices => true;

    public override LayerResult Apply(LayerContext c)
    {
        var vocabulary = c.Size("vocabulary");
        var width = c.Size("width");
        var mode = c.Spec.Find("Mode")?.Value.Text ?? "mean";
        if (mode is not ("mean" or "sum" or "max"))
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Mode"), Kind, "Mode", $"must be \"mean\", \"sum\" or \"max\", but is \"{mode}\"");
        }

        var padding = c.Int("PaddingIdx", -1, -1, "must be an index in the vocabulary or -1 (none)");
        if (padding >= 0 && vocabulary.IsConstant && padding >= vocabulary.Constant)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("PaddingIdx"), Kind, "PaddingIdx",
                $"must be below the vocabulary size {vocabulary.Constant}, but is {padding}");
        }

        if (!c.RequireRank(2))
        {
            return LayerResult.Failed;
        }

        var arguments = new Arguments().Add(c.Code(vocabulary)).Add(c.Code(width));
        if (mode != "mean")
        {
            arguments.Add($"mode: \"{mode}\"");
        }

        arguments.Named("padding_idx", padding, -1);
        var output = new Shape(new[] { c.Input[0], width });
        return new LayerResult(output, "new " + FieldType + "(" + arguments + ")", vocabulary * width, Weight: new Shape(new[] { vocabulary, width }));
    }
}
