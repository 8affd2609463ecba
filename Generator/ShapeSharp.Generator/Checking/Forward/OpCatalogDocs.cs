using System.Linq;
using System.Text;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// The catalogue as docs/composite.md lists it, so the docs cannot claim an op the checker lacks
/// (OpCatalogDocsTests compares them; SHAPESHARP_ACCEPT=1 rewrites the docs).
/// </summary>
internal static class OpCatalogDocs
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        foreach (var group in OpCatalog.Entries.GroupBy(e => e.Group).OrderBy(g => g.Key))
        {
            var (title, rule) = Describe(group.Key);
            text.Append("- **").Append(title).Append("** (").Append(rule).Append("): ")
                .Append(string.Join(", ", group.Select(e => "`" + e.Name + "`")))
                .Append('\n');
        }

        return text.ToString();
    }

    private static (string Title, string Rule) Describe(OpGroup group) => group switch
    {
        OpGroup.Sizes => ("Sizes", "symbolic integers"),
        OpGroup.ElementWise => ("Element-wise", "the input's shape"),
        OpGroup.Activation => ("Activations", "the input's shape; `glu` halves its dim, `prelu` takes one weight or one per channel"),
        OpGroup.Dropout => ("Dropout", "the input's shape"),
        OpGroup.Conversion => ("Conversions, copies, fills", "the input's shape"),
        OpGroup.Broadcasting => ("Broadcasting", "the operands' broadcast shape; a mask broadcasts into the input"),
        OpGroup.AlongDim => ("Along a dim", "the input's shape; the dim must exist"),
        OpGroup.Reduction => ("Reductions", "the dims go, or stay as 1 with `keepdim`; no dim gives a scalar"),
        OpGroup.ValuesAndIndices => ("Values with indices", "a tuple, read by TorchSharp's element names such as `.values` and `.indexes`, by `.Item1`, or by deconstruction"),
        OpGroup.Reshaping => ("Reshaping and reordering", "`-1` is inferred; element counts must agree"),
        OpGroup.JoiningAndSplitting => ("Joining and splitting", "the other dims must agree; a list filled in a loop joins with its length unknown"),
        OpGroup.Indexing => ("Indexing and gathering", "the index's shape where it decides"),
        OpGroup.Products => ("Products", "inner dims must agree; batch dims broadcast, except in `bmm`"),
        OpGroup.LayerFunctions => ("Functional layers", "the weight gives the channels and the kernel; the input's channels must match"),
        OpGroup.PoolingAndResizing => ("Pooling, resizing, padding", "PyTorch's size formulas over the trailing dims; one int or one per dim; a pool's stride defaults to its kernel"),
        OpGroup.Creation => ("Creation", "the sizes given, constant or symbolic"),
        OpGroup.TensorIndex => ("TensorIndex", "the parts of `x[...]`"),
        _ => (group.ToString(), string.Empty),
    };
}
