using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// Correct forwards over symbolic inputs that use the catalogue the way models do: no diagnostic,
/// generated code that compiles, and (where given) the output shape the checker should infer.
/// </summary>
public class OpCatalogFalsePositiveTests
{
    public sealed record Body(string Input, string Code, string? Output)
    {
        public override string ToString() => Code;
    }

    private const string Image = "B, C, H, W";
    private const string Sequence = "B, T, D";

    public static readonly Body[] Bodies =
    {
        // Vision: functional layers over symbolic spatial dims.
        new(Image, "var w = randn(16, x.shape[1], 3, 3); return conv2d(x, w, null, new long[] { 1, 1 }, new long[] { 1, 1 }).relu();", "[B, 16, H, W]"),
        new(Image, "return max_pool2d(x, 2);", "[B, C, (H - 2) / 2 + 1, (W - 2) / 2 + 1]"),
        new(Image, "return avg_pool2d(x, new long[] { 3, 3 }, new long[] { 1, 1 }, new long[] { 1, 1 });", "[B, C, H, W]"),
        new(Image, "return max_pool2d(x, 2, ceil_mode: true);", "[B, C, (H - 1) / 2 + 1, (W - 1) / 2 + 1]"),
        new(Image, "return max_pool2d(x, 3, 2, 1, ceil_mode: true);", "[B, C, H / 2 + 1, W / 2 + 1]"),

        // Here a last window could start in the padding, which PyTorch drops: it depends on H.
        new(Image, "return max_pool2d(x, 2, 2, 1, ceil_mode: true);", "[B, C, ?, ?]"),
        new(Image, "return adaptive_avg_pool2d(x, 1).flatten(1);", "[B, C]"),
        new(Image, "return torch.flatten(adaptive_max_pool2d(x, new long[] { 2, 2 }), 1);", "[B, 4 * C]"),
        new(Image, "return interpolate(x, scale_factor: new double[] { 2, 2 });", "[B, C, 2 * H, 2 * W]"),
        new(Image, "return interpolate(x, scale_factor: new double[] { 0.5, 0.5 });", "[B, C, ?, ?]"),
        new(Image, "return pad(x, new long[] { 1, 1, 2, 2 });", "[B, C, H + 4, W + 2]"),
        new(Image, "return pixel_unshuffle(pixel_shuffle(x, 2), 2);", null),
        new(Image, "var (values, indices) = max_pool2d_with_indices(x, new long[] { 2, 2 }); return values + indices.to_type(x.dtype);", "[B, C, (H - 2) / 2 + 1, (W - 2) / 2 + 1]"),
        new(Image, "return group_norm(x, 1) + instance_norm(x) + batch_norm(x, zeros(x.shape[1]), ones(x.shape[1]));", "[B, C, H, W]"),
        new(Image, "return dropout2d(x, 0.1).sigmoid() * x.mean(new long[] { 2, 3 }, true);", "[B, C, H, W]"),
        new(Image, "var w = randn(x.shape[1], 8, 2, 2); return conv_transpose2d(x, w, null, new long[] { 2, 2 });", "[B, 8, 2 * H, 2 * W]"),
        new(Image, "return cat(new[] { x, x.flip(3) }, 1).softmax(1);", "[B, 2 * C, H, W]"),
        new(Image, "return x.channel_shuffle(1);", null),

        // Sequences: attention-style code with the new ops.
        new(Sequence, "var scores = x.matmul(x.mT) / 8.0; return scores.softmax(-1).matmul(x);", "[B, T, D]"),
        new(Sequence, "var (v, i) = x.max(-1); return x - v.unsqueeze(-1) + i.unsqueeze(-1).to(x.dtype);", "[B, T, D]"),
        new(Sequence, "var top = x.topk(2).values; return top.sum(new long[] { -1 });", "[B, T]"),
        new(Sequence, "var sorted = x.sort(-1, true); return sorted.Values.gather(-1, sorted.Indices);", "[B, T, D]"),
        new(Sequence, "return x.gather(1, x.argsort(1)).cumsum(1).logcumsumexp(2);", "[B, T, D]"),
        new(Sequence, "var m = x.max(1); return m.values * m.indexes;", "[B, D]"),
        new(Sequence, "var m = torch.min(x, 2); return m.Item1.unsqueeze(2) + x;", "[B, T, D]"),
        new(Sequence, "return x.kthvalue(1, 1).values + x.mode(1).values;", "[B, D]"),
        new(Sequence, "var parts = x.unbind(1); return stack(parts, 1);", "[B, ?, D]"),
        new(Sequence, "var parts = x.unbind(0); return parts[0];", "[T, D]"),
        new(Sequence, "return x.repeat(1, 2, 1) + x.tile(new long[] { 2, 1 });", "[B, 2 * T, D]"),
        new(Sequence, "return x.repeat_interleave(2, 1).narrow(1, 0, x.size(1));", "[B, T, D]"),
        new(Sequence, "return glu(cat(new[] { x, x }, -1));", "[B, T, D]"),
        new(Sequence, "return layer_norm(x, new long[] { x.shape[2] }) * normalize(x, 2.0, -1);", "[B, T, D]"),
        new(Sequence, "return cosine_similarity(x, x.roll(1, 1), -1);", "[B, T]"),
        new(Sequence, "return pairwise_distance(x, x.flip(1), keepdim: true);", "[B, T, 1]"),
        new(Sequence, "var w = randn(16, x.shape[2]); return linear(x, w, zeros(16)).gelu();", "[B, T, 16]"),
        new(Sequence, "return bilinear(x, x.transpose(1, 2).transpose(1, 2), randn(4, x.shape[2], x.shape[2]));", "[B, T, 4]"),
        new(Sequence, "return cdist(x, x);", "[B, T, T]"),
        new(Sequence, "return torch.where(x.gt(0), x, zeros_like(x)).masked_fill(x.isnan(), 0.0);", "[B, T, D]"),
        new(Sequence, "return x.clamp(min: x.mean(new long[] { 2 }, true)).clamp_max(6.0).hardtanh(-1, 1);", "[B, T, D]"),
        new(Sequence, "return x.movedim(new long[] { 2 }, new long[] { 0 });", "[D, B, T]"),
        new(Sequence, "return x.unfold(1, 2, 1).mean(new long[] { -1 });", "[B, T - 1, D]"),
        new(Sequence, "return x.chunk(2, -1)[0] * x.split(new long[] { 1, x.shape[2] - 1 }, 2)[1].sum(new long[] { 2 }, true);", null),
        new(Sequence, "return einsum(\"btd,bsd->bts\", x, x).softmax(-1).bmm(x);", "[B, T, D]"),
        new(Sequence, "return scaled_dot_product_attention(x, x, x).reshape(x.shape[0], -1);", "[B, D * T]"),
        new(Sequence, "return x.index_select(1, arange(0, 2, dtype: ScalarType.Int64));", "[B, 2, D]"),
        new(Sequence, "return x[TensorIndex.Colon, TensorIndex.Slice(0, 1)].expand_as(x);", "[B, T, D]"),
        new(Sequence, "return x.transpose(0, 1).contiguous().view(x.shape[1], -1);", "[T, B * D]"),

        // A dim argument the checker cannot read is unknown, never the parameter's default.
        new(Sequence, "var d = System.Math.Abs(-2); return x.unsqueeze(1).squeeze(d);", "?"),
        new(Sequence, "var d = System.Math.Abs(-1); return x.flatten(d).reshape(x.shape[0], -1);", "[B, ?]"),
        new(Sequence, "var d = System.Math.Abs(-1); return x.repeat_interleave(2, d);", "?"),
        new(Sequence, "var d = System.Math.Abs(-1); return cat(new[] { x, x }, d);", "[?, ?, ?]"),
        new(Sequence, "var d = System.Math.Abs(-1); return x.chunk(2, d)[0];", "?"),
        new(Sequence, "var m = System.Math.Abs(-3); return eye(3, m);", "[3, ?]"),

        // In-place forms, conversions and fills keep the shape.
        new(Sequence, "var y = x.clone(); y.add_(x.mean(new long[] { 1 }, true)); y.mul_(2).relu_().clamp_(0, 6); return y;", "[B, T, D]"),
        new(Sequence, "var y = x.detach().requires_grad_(); y.masked_fill_(y.lt(0), 0.0); return y.unsqueeze_(0).squeeze_(0);", "[B, T, D]"),
        new(Sequence, "var y = x.clone(); y.unsqueeze_(0); y.transpose_(1, 2); return y;", "[1, T, B, D]"),
        new(Sequence, "var y = x.clone(); y.add_(1.0); y.set_(x.view(-1)); return y;", "?"),
        new(Sequence, "var noise = empty_like(x).normal_(); return x + noise.uniform_(0, 1) * 0.1;", "[B, T, D]"),
        new(Sequence, "using var scope = NewDisposeScope(); return x.exp().log1p().to_type(ScalarType.Float32).MoveToOuterDisposeScope();", "[B, T, D]"),

        // Integer inputs: one_hot and comparisons.
        new("B, T", "return one_hot(x.to_type(ScalarType.Int64), 10).to_type(ScalarType.Float32);", "[B, T, 10]"),
        new("B, T", "return one_hot(x.to_type(ScalarType.Int64)).to_type(ScalarType.Float32);", "[B, T, ?]"),
        new("B, T", "return x.eq(x.max()).to_type(ScalarType.Float32).argmax(1, true);", "[B, 1]"),
    };

    public static TheoryData<int> Indices() => new(Enumerable.Range(0, Bodies.Length));

    [Theory]
    [MemberData(nameof(Indices))]
    public void Correct_use_gives_no_diagnostic(int index)
    {
        var body = Bodies[index];
        var run = GeneratorHarness.Run(CompositeSources.Usings + $$"""
            namespace Demo;

            [Input("{{body.Input}}")]
            public partial class M
            {
                public override Tensor forward(Tensor x)
                {
                    {{body.Code}}
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        if (body.Output is not null)
        {
            var inferred = System.Text.RegularExpressions.Regex.Match(run.Sources.Values.Single(), "OutputShape = \"([^\"]*)\"").Groups[1].Value;
            Assert.Equal(body.Output, inferred);
        }
    }
}
