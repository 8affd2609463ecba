using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// Provable mistakes per family of the catalogue: exactly one SS0020, on the call, naming what is
/// wrong. Where a model size can take a valid value (a channel count, a length), the same call with
/// those dims as model sizes gives nothing.
/// </summary>
public class OpCatalogErrorTests
{
    /// <param name="Input">The input's constant shape.</param>
    /// <param name="Wrong">The returned expression, its failing call marked [|...|].</param>
    /// <param name="Expected">Text the message must contain.</param>
    /// <param name="Symbolic">An input whose symbols, as model sizes, let the call be valid; null when no value helps (a rank).</param>
    public sealed record Case(string Name, string Input, string Wrong, string Expected, string? Symbolic)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] Cases =
    {
        // Functional layers.
        new("conv2d weight for other in-channels", "2, 4, 9, 9", "[|nn.functional.conv2d(x, torch.rand(8, 3, 3, 3))|]", "takes 3 input channels, but the input [2, 4, 9, 9] has 4", "B, C, H, W"),
        new("conv2d kernel larger than the input", "2, 3, 2, 2", "[|nn.functional.conv2d(x, torch.rand(4, 3, 3, 3))|]", "kernel is larger", "B, 3, H, W"),
        new("conv2d on a matrix", "2, 3", "[|nn.functional.conv2d(x, torch.rand(4, 3, 3, 3))|]", "rank 3 or 4", null),
        new("conv1d groups for other in-channels", "2, 4, 10", "[|nn.functional.conv1d(x, torch.rand(6, 3, 3), null, 1, 0, 1, 2)|]", "2 groups of 3", "B, C, L"),
        new("conv_transpose2d weight for other in-channels", "2, 4, 5, 5", "[|nn.functional.conv_transpose2d(x, torch.rand(3, 2, 3, 3))|]", "takes 3 input channels", "B, C, H, W"),
        new("linear weight for other features", X, "[|nn.functional.linear(x, torch.rand(5, 6))|]", "takes 6", "B, T, D"),
        new("layer_norm over other trailing dims", X, "[|nn.functional.layer_norm(x, new long[] { 5 })|]", "[5]", "B, T, D"),
        new("group_norm groups that do not divide the channels", "2, 6, 5", "[|nn.functional.group_norm(x, 4)|]", "4 groups do not divide the 6 channels", "B, C, L"),
        new("batch_norm statistics for other channels", "2, 3, 5", "[|nn.functional.batch_norm(x, torch.zeros(4), torch.ones(4))|]", "running_mean has 4 values", "B, C, L"),
        new("prelu weights for other channels", X, "[|nn.functional.prelu(x, torch.full(4, 0.25))|]", "has 4 weights", "B, C, L"),
        new("cosine_similarity of shapes that do not broadcast", X, "[|nn.functional.cosine_similarity(x, torch.rand(2, 3, 5))|]", "do not broadcast", "B, T, D"),

        // Pooling, resizing, padding.
        new("max_pool2d kernel larger than the input", "2, 3, 2, 2", "[|nn.functional.max_pool2d(x, 3)|]", "kernel is larger", "B, C, H, W"),
        new("avg_pool1d kernel larger than the input", "2, 3, 4", "[|nn.functional.avg_pool1d(x, 5)|]", "kernel is larger", "B, C, L"),
        new("max_pool2d padding over half the kernel", "2, 3, 8, 8", "[|nn.functional.max_pool2d(x, new long[] { 2, 2 }, null, new long[] { 2, 2 })|]", "at most half the kernel size 2", null),
        new("max_pool1d on a 4-d tensor", "2, 3, 8, 8", "[|nn.functional.max_pool1d(x, 2)|]", "rank 2 or 3", null),
        new("im2col kernel larger than the input", "2, 3, 2, 2", "[|nn.functional.unfold(x, 3)|]", "kernel is larger", "B, C, H, W"),
        new("pad list of odd length", X, "[|nn.functional.pad(x, new long[] { 1, 2, 3 })|]", "3 entries", null),
        new("pad that removes more than the dim has", X, "[|nn.functional.pad(x, new long[] { -3, -2 })|]", "-1", "B, T, D"),
        new("pixel_shuffle channels not divisible by r squared", "1, 6, 3, 3", "[|nn.functional.pixel_shuffle(x, 2)|]", "divisible by 4", "B, C, H, W"),
        new("pixel_unshuffle height not divisible by r", "1, 2, 5, 6", "[|nn.functional.pixel_unshuffle(x, 2)|]", "must divide", "B, C, H, W"),

        // Activations and along-a-dim ops.
        new("glu over an odd dim", "2, 3, 5", "[|nn.functional.glu(x)|]", "odd (5)", "B, T, D"),
        new("softmax over a missing dim (functional form)", X, "[|nn.functional.softmax(x, 3)|]", "dim 3 is out of range", null),
        new("normalize's default dim on a vector", "5", "[|nn.functional.normalize(x)|]", "dim 1 is out of range", null),
        new("tril of a vector", "5", "[|x.tril()|]", "rank 2 or more", null),

        // Reshaping, joining, values with indices.
        new("repeat with fewer sizes than dims", X, "[|x.repeat(2, 2)|]", "at least one per dim", null),
        new("torch.flatten with start after end", X, "[|torch.flatten(x, 2, 1)|]", "start_dim 2 comes after end_dim 1", null),
        new("windows longer than the dim", X, "[|x.unfold(2, 5, 1)|]", "windows of 5", "B, T, D"),
        new("channel_shuffle groups that do not divide", "2, 5, 3", "[|x.channel_shuffle(2)|]", "2 groups do not divide the 5 channels", "B, C, L"),
        new("topk of more than the dim holds", X, "[|x.topk(5)|].values", "k = 5", "B, T, D"),
        new("kthvalue past the dim", X, "[|x.kthvalue(5, 1)|].values", "k = 5", "B, T, D"),
        new("concatenate on the wrong axis", X, "[|torch.concatenate(new[] { x, torch.rand(2, 5, 4) }, 2)|]", "differ in dim 1", "B, T, D"),
        new("unbind past the rank", X, "[|x.unbind(3)|][0]", "dim 3", null),

        // Indexing and gathering.
        new("gather with an index of another rank", X, "[|x.gather(1, torch.zeros(2, 3, dtype: torch.int64))|]", "rank 2, but the input [2, 3, 4] has rank 3", null),
        new("gather with an index larger than the input", X, "[|torch.gather(x, 1, torch.zeros(5, 2, 4, dtype: torch.int64))|]", "larger than the input [2, 3, 4] in dim 0", "B, T, D"),
        new("index_select with a matrix", X, "[|x.index_select(1, torch.zeros(2, 2, dtype: torch.int64))|]", "must be a vector", null),

        // Products and broadcasting.
        new("mm of a 3-d tensor", X, "[|x.mm(torch.rand(4, 5))|]", "takes two matrices", null),
        new("dot of vectors of other lengths", "4", "[|x.dot(torch.rand(5))|]", "differ in length", "N"),
        new("cdist over other feature sizes", X, "[|torch.cdist(x, torch.rand(2, 5, 6))|]", "differ in the last dim", "B, T, D"),
        new("torch.add of shapes that do not broadcast", X, "[|torch.add(x, torch.rand(5))|]", "do not broadcast", "B, T, D"),
        new("torch.where of shapes that do not broadcast", X, "[|torch.where(x.gt(0.5), x, torch.rand(5))|]", "do not broadcast", "B, T, D"),
        new("in-place add of a larger operand", "1, 4", "[|x.add_(torch.rand(3, 4))|]", "does not broadcast to [1, 4]", "B, D"),
        new("max(d).values used as the full tensor", X, "[|x.max(1).values.matmul(x)|]", "[2, 4] @ [2, 3, 4]", "B, T, D"),
    };

    private const string X = "2, 3, 4";

    public static TheoryData<Case> All() => new(Cases);

    [Theory]
    [MemberData(nameof(All))]
    public void Provable_mistake_gives_one_SS0020_on_the_call(Case test)
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(test.Input, test.Wrong), "SS0020");
        Assert.Contains(test.Expected, message);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_same_call_over_symbols_that_allow_it_gives_nothing(Case test)
    {
        if (test.Symbolic is null)
        {
            return;
        }

        var sizes = string.Join(", ", test.Symbolic.Split(',').Select(d => d.Trim()).Where(d => !char.IsDigit(d[0])));
        var run = GeneratorHarness.Run(Model(test.Symbolic, test.Wrong.Replace("[|", string.Empty).Replace("|]", string.Empty), $", Sizes = \"{sizes}\""));
        Assert.Empty(run.Diagnostics);
    }

    private static string Model(string input, string expression, string options = "") => CompositeSources.Usings + $$"""
        namespace Demo;

        [Input("{{input}}"{{options}})]
        public partial class M
        {
            public override Tensor forward(Tensor x) => {{expression}};
        }
        """;
}
