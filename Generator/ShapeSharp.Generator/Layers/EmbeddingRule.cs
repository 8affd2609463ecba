using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Embedding(vocabulary, width): integer indices [*] -> [*, width].</summary>
internal sealed class EmbeddingRule : LayerRule
{
    public override string Kind => "Embedding";

    public override bool TakesIndices => true;

    public override LayerResult Apply(LayerContext c)
    {
        var vocabulary = c.Size("vocabulary");
        var width = c.Size("width");
        var padding = c.Int("PaddingIdx", -1, -1, "must be an index in the vocabulary or -1 (none)");
        if (padding >= 0 && vocabulary.IsConstant && padding >= vocabulary.Constant)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("PaddingIdx"), Kind, "PaddingIdx",
                $"must be below the vocabulary size {vocabulary.Constant}, but is {padding}");
        }

        var arguments = new Arguments().Add(c.Code(vocabulary)).Add(c.Code(width));
        if (padding >= 0)
        {
            arguments.Add("padding_idx: " + LayerContext.Literal(padding));
        }

        var output = new Shape(System.Linq.Enumerable.Append(c.Input.Dims, width));
        return new LayerResult(output, Factory(arguments.ToString()), vocabulary * width, Weight: new Shape(new[] { vocabulary, width }));
    }
}
