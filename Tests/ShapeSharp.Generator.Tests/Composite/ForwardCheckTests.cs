using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// The op catalogue, one correct and one provably wrong use each: the wrong one gives SS0020 on the
/// invocation with both shapes in the message; the correct one gives nothing and compiles.
/// </summary>
public class ForwardCheckTests
{
    private static string Model(string inputs, string blocks, string parameters, string body) => CompositeSources.Usings + $$"""
        namespace Demo;

        {{inputs}}
        public partial class M
        {
            {{blocks}}

            public override Tensor forward({{parameters}})
            {
                {{body}}
            }
        }
        """;

    public sealed record Case(string Name, string Inputs, string Blocks, string Parameters, string Correct, string Wrong, string[] Shapes)
    {
        public override string ToString() => Name;
    }

    private const string X = "[Input(\"8, 10, 32\")]";
    private const string Heads = "var q = x.view(8, 10, 4, 8).transpose(1, 2); var k = x.view(8, 10, 4, 8).transpose(1, 2);";

    public static readonly Case[] Cases =
    {
        new("residual add across a widening projection", X, "[Linear(64)] private partial Tensor Wide(Tensor x); [Linear(32)] private partial Tensor Same(Tensor x);", "Tensor x",
            "var wide = Wide(x); return x + Same(x) + wide[.., .., ..32];", "var same = Same(x); return [|x + Wide(x)|] + same;", new[] { "[8, 10, 32]", "[8, 10, 64]" }),
        new("attention scores without transposing k", X, string.Empty, "Tensor x",
            Heads + " return q.matmul(k.transpose(-2, -1));", Heads + " return [|q.matmul(k)|];", new[] { "[8, 4, 10, 8] @ [8, 4, 10, 8]", "8 vs 10" }),
        new("a GRU's hidden state used as its output sequence", "[Input(\"8, 10, 16\")]", "[GRU(32)] private partial (Tensor, Tensor) Encode(Tensor x);", "Tensor x",
            "var (seq, h) = Encode(x); return seq.bmm(seq.transpose(1, 2));", "var (seq, h) = Encode(x); return [|h.bmm(seq.transpose(1, 2))|];", new[] { "[1, 8, 32]", "[8, 32, 10]" }),
        new("concatenating encoder and decoder states on the wrong dim", "[Input(\"8, 1, 32\", Name = \"context\")][Input(\"8, 1, 16\", Name = \"embedded\")]", string.Empty, "Tensor context, Tensor embedded",
            "return cat(new[] { context, embedded }, dim: 2);", "return [|cat(new[] { context, embedded }, dim: 1)|];", new[] { "[8, 1, 32]", "[8, 1, 16]" }),
        new("view to a different element count", X, string.Empty, "Tensor x",
            "return x.view(8, 10, 4, 8);", "return [|x.view(8, 10, 4, 16)|];", new[] { "[8, 10, 32]", "[8, 10, 4, 16]" }),
        new("reshape with -1 that cannot divide", X, string.Empty, "Tensor x",
            "return x.reshape(-1, 64);", "return [|x.reshape(-1, 7)|];", new[] { "[8, 10, 32]", "[-1, 7]" }),
        new("transpose past the rank", X, string.Empty, "Tensor x",
            "return x.transpose(1, 2);", "return [|x.transpose(1, 3)|];", new[] { "[8, 10, 32]", "dim 3" }),
        new("permute that repeats a dim", X, string.Empty, "Tensor x",
            "return x.permute(0, 2, 1);", "return [|x.permute(0, 2, 2)|];", new[] { "[8, 10, 32]", "(0, 2, 2)" }),
        new("bmm with different batches", "[Input(\"8, 10, 32\", Name = \"a\")][Input(\"4, 32, 10\", Name = \"b\")]", string.Empty, "Tensor a, Tensor b",
            "return a.bmm(a.transpose(1, 2));", "return [|a.bmm(b)|];", new[] { "[8, 10, 32]", "[4, 32, 10]" }),
        new("stack of unequal shapes", "[Input(\"8, 10\", Name = \"a\")][Input(\"8, 12\", Name = \"b\")]", string.Empty, "Tensor a, Tensor b",
            "return stack(new[] { a, a }, 1);", "return [|stack(new[] { a, b }, 1)|];", new[] { "[8, 10]", "[8, 12]" }),
        new("split sizes that do not add up", X, string.Empty, "Tensor x",
            "return x.split(new long[] { 10, 22 }, 2)[0];", "return [|x.split(new long[] { 10, 20 }, 2)|][0];", new[] { "[8, 10, 32]", "30" }),
        new("chunk on a dim past the rank", X, string.Empty, "Tensor x",
            "return x.chunk(2, 2)[1];", "return [|x.chunk(2, 3)|][1];", new[] { "[8, 10, 32]", "dim 3" }),
        new("unsqueeze past rank + 1", X, string.Empty, "Tensor x",
            "return x.unsqueeze(3);", "return [|x.unsqueeze(5)|];", new[] { "[8, 10, 32]", "dim 5" }),
        new("squeeze past the rank", X, string.Empty, "Tensor x",
            "return x.squeeze(0);", "return [|x.squeeze(4)|];", new[] { "[8, 10, 32]", "dim 4" }),
        new("softmax over a missing dim", X, string.Empty, "Tensor x",
            "return x.softmax(-1);", "return [|x.softmax(3)|];", new[] { "[8, 10, 32]", "dim 3" }),
        new("mean over a missing dim", X, string.Empty, "Tensor x",
            "return x.mean(new long[] { 1 });", "return [|x.mean(new long[] { 3 })|];", new[] { "[8, 10, 32]", "dim 3" }),
        new("indexing with more indices than dims", X, string.Empty, "Tensor x",
            "return x[.., 0];", "return [|x[0, 0, 0, 0]|];", new[] { "[8, 10, 32]", "4 indices" }),
        new("causal mask of the wrong size", X, string.Empty, "Tensor x",
            "var s = x.matmul(x.transpose(1, 2)); var mask = tril(ones(10, 10)).eq(0); return s.masked_fill(mask, double.NegativeInfinity);",
            "var s = x.matmul(x.transpose(1, 2)); var mask = triu(ones(12, 12), 1).eq(1); return [|s.masked_fill(mask, double.NegativeInfinity)|];",
            new[] { "[12, 12]", "[8, 10, 10]" }),
        new("scaled_dot_product_attention with different head dims", X, string.Empty, "Tensor x",
            Heads + " return scaled_dot_product_attention(q, k, k);",
            Heads + " var wide = x.view(8, 10, 2, 16).transpose(1, 2); return [|scaled_dot_product_attention(q, wide, wide)|];", new[] { "[8, 4, 10, 8]", "[8, 2, 10, 16]" }),
        new("einsum with disagreeing letters", X, string.Empty, "Tensor x",
            "return einsum(\"bij,bkj->bik\", x, x);", "return [|einsum(\"bij,bjk->bik\", x, x)|];", new[] { "[8, 10, 32]", "'j'" }),
        new("expand of a non-singleton dim", X, string.Empty, "Tensor x",
            "return x[.., .., ..1].expand(8, 10, 64);", "return [|x.expand(8, 10, 64)|];", new[] { "[8, 10, 32]", "64" }),
        new("flatten with start after end", X, string.Empty, "Tensor x",
            "return x.flatten(1);", "return [|x.flatten(2, 1)|];", new[] { "[8, 10, 32]" }),
        new("narrow on a missing dim", X, string.Empty, "Tensor x",
            "return x.narrow(2, 0, 16);", "return [|x.narrow(3, 0, 16)|];", new[] { "[8, 10, 32]", "dim 3" }),
    };

    public static TheoryData<Case> All() => new(Cases);

    [Theory]
    [MemberData(nameof(All))]
    public void Wrong_use_gives_SS0020_at_the_invocation_with_both_shapes(Case test)
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(test.Inputs, test.Blocks, test.Parameters, test.Wrong), "SS0020");
        foreach (var shape in test.Shapes)
        {
            Assert.Contains(shape, message);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Correct_use_gives_nothing_and_compiles(Case test)
    {
        var run = GeneratorHarness.Run(Model(test.Inputs, test.Blocks, test.Parameters, test.Correct));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
    }

    [Fact]
    public void SS0021_a_block_called_with_two_widths()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(X, "[Linear(16)] private partial Tensor Head(Tensor x);", "Tensor x",
            "var a = Head(x); return [|Head(cat(new[] { x, x }, 2))|] + a;"), "SS0021");
        Assert.Equal("Block Head is first called with [8, 10, 32], here with [8, 10, 64]", message);
    }

    [Theory]
    [InlineData("cat(steps, dim: 1)", "[8, ?, 16]")]
    [InlineData("stack(steps, dim: 1)", "[8, ?, 1, 16]")]
    public void A_list_filled_in_a_loop_joins_with_its_length_unknown(string join, string expected)
    {
        // A decoder's steps: each [8, 1, 16], as many as the loop runs.
        var run = GeneratorHarness.Run(Model(X, "[Linear(16)] private partial Tensor Out(Tensor x);", "Tensor x", $$"""
            var steps = new System.Collections.Generic.List<Tensor>();
            for (var t = 0; t < x.shape[1]; t++)
            {
                steps.Add(Out(x.narrow(1, t, 1)));
            }

            return {{join}};
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Assert.Contains($"OutputShape = \"{expected}\"", run.Sources.Values.Single());
    }

    [Fact]
    public void A_list_element_checked_against_the_next_op()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(X, "[Linear(16)] private partial Tensor Out(Tensor x);", "Tensor x", """
            var steps = new System.Collections.Generic.List<Tensor>();
            foreach (var t in new[] { 0, 1 }) { steps.Add(Out(x.narrow(1, t, 1))); }
            return [|cat(steps, dim: 1).matmul(x)|];
            """), "SS0020");
        Assert.Contains("[8, ?, 16] @ [8, 10, 32]", message);
    }
}
