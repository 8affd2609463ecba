using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// The checker is gradual: correct forwards that use ops outside the catalogue, user modules,
/// lambdas, loops and branches give no diagnostic at all.
/// </summary>
public class FalsePositiveTests
{
    public static readonly string[] Bodies =
    {
        "return x.abs().cumsum(1);",
        "return x.flip(2).roll(1, 1);",
        "var idx = x.argsort(-1); return x.gather(-1, idx);",
        "var (values, _) = x.topk(5); return values;",
        "return nn.functional.pad(x, new long[] { 1, 1 });",
        "return x.unfold(1, 2, 1).sum(new long[] { -1 });",
        "return x.diff(1, 1);",
        "var m = x.gt(0); return x.masked_fill(m, 0) + x.where(m, x.neg());",
        "return x.clamp(-1, 1).exp().log1p();",
        "Tensor y = x; for (var i = 0; i < 3; i++) { y = y * 0.5 + x; } return y;",
        "var y = x; foreach (var s in new[] { 1.0, 2.0 }) { y = y.mul(s); } return y;",
        "if (x.shape[0] > 4) { return x.tanh(); } else { return x.sigmoid(); }",
        "Func<Tensor, Tensor> f = t => t.relu(); return f(x);",
        "return Local(x); static Tensor Local(Tensor t) => t * 2;",
        "var parts = x.split(8, 2); return cat(parts.Reverse().ToArray(), 2);",
        "var (a, b) = (x[.., 0], x[.., 1]); return stack(new[] { a, b }, 1).mean(new long[] { 1 });",
        "return x.cumprod(1).nan_to_num();",
        "var n = x.square().sum(-1, true).sqrt(); return x / n.clamp_min(1e-6);",
        "return nn.functional.normalize(x, 2.0, -1);",
        "return x.new_zeros(x.shape) + x;",
        "var y = x.contiguous().view(-1, 32); return y.view(x.shape);",
        "var s = x.std(-1, true, true); return (x - x.mean(new long[] { -1 }, true)) / (s + 1e-5);",
        "using var scope = NewDisposeScope(); return x.MoveToOuterDisposeScope();",
        "var y = x.shape[0] switch { 1 => x, _ => x.square() }; return y;",
        "return x.index_select(1, arange(5, dtype: ScalarType.Int64));",
        "var w = randn(32, 32); return x.matmul(w) + x.matmul(w.t());",
        "var mask = ones(10, 10).tril().eq(0); var s = x.matmul(x.transpose(1, 2)); return s.masked_fill(mask, -1e9).softmax(-1).matmul(x);",
        "var q = x.unflatten(2, new long[] { 4, 8 }).transpose(1, 2); return q.transpose(1, 2).flatten(2);",
        "var h = x.chunk(2, -1); return h[0] * h[1].sigmoid();",
        "var t = x.size(1); var pos = arange(t, dtype: ScalarType.Int64); return x + pos.unsqueeze(-1).to_type(x.dtype);",
        "var freqs = outer(arange(10), arange(16)); var rot = cat(new[] { freqs.cos(), freqs.sin() }, -1); return x * rot;",
        "var y = x.permute(2, 0, 1).reshape(32, -1); return y.t().reshape(8, 10, 32);",
        "return einsum(\"btd,bsd->bts\", x, x).softmax(-1).bmm(x);",
        "var z = x.max(-1).values; return z.unsqueeze(-1) + x;",
    };

    public static TheoryData<int> Indices() => new(Enumerable.Range(0, Bodies.Length));

    [Theory]
    [MemberData(nameof(Indices))]
    public void Correct_forward_outside_the_catalogue_gives_no_diagnostic(int index)
    {
        var source = "using System; using System.Linq;\n" + CompositeSources.Usings + $$"""
            namespace Demo;

            [Input("8, 10, 32")]
            public partial class M
            {
                [LayerNorm] private partial Tensor Norm(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    x = Norm(x);
                    {{Bodies[index]}}
                }
            }
            """;
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
    }
}
