using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// [MixedPrecision]: the generated forward carries autocast's casts (matmul-class layers in the
/// compute type from float32 weights, float32 layers fed float32), the parameters stay float32,
/// the model's policy reaches the models it holds, and with the casts off the model is the plain one.
/// </summary>
public class MixedPrecisionTests
{
    private const string Sources = """
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn.functional;

        namespace Demo;

        [Input("B, 1, 12, 12")]
        [MixedPrecision(DType.BFloat16)]
        [Conv2d(8, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2), Conv2d(8, Kernel = 3, Padding = "same"), Flatten, Linear(32), LayerNorm, GELU, Linear(10)]
        [CrossEntropyLoss]
        public partial class Cnn;

        [Input("B, 1, 12, 12")]
        [Conv2d(8, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2), Conv2d(8, Kernel = 3, Padding = "same"), Flatten, Linear(32), LayerNorm, GELU, Linear(10)]
        [CrossEntropyLoss]
        public partial class PlainCnn;

        [Input("B, T, 16")]
        [MixedPrecision]
        [Linear(32), GELU, Linear(16), RMSNorm]
        public partial class Cell;

        [Input("B, T, 16")]
        [MixedPrecision(DType.BFloat16)]
        public partial class Decoder
        {
            private const int Heads = 2;

            [LayerNorm, Linear(48)] private partial Tensor Qkv(Tensor x);
            [Linear(16)] private partial Tensor Proj(Tensor x);
            [Layer<Cell>(Repeat = 2)] private partial Tensor Cells(Tensor x);
            [MultiheadAttention(2)] private partial Tensor Attend(Tensor query, Tensor key, Tensor value);
            [LSTM(16)] private partial Tensor Recur(Tensor x);
            [LayerNorm, Linear(5)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var qkv = Qkv(x).chunk(3, dim: -1);
                var attention = scaled_dot_product_attention(Split(qkv[0]), Split(qkv[1]), Split(qkv[2]), is_casual: true);
                x = x + Proj(attention.transpose(1, 2).reshape(x.shape[0], x.shape[1], -1));
                x = x + Cells(x);
                x = x + Attend(x, x, x);
                return Head(Recur(x));
            }

            private static Tensor Split(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);
        }
        """;

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(Sources));

    private static nn.Module<Tensor, Tensor> New(string name) => GeneratedModels.New(Models.Value, "Demo." + name);

    private static IMixedPrecision Policy(nn.Module model) => (IMixedPrecision)model;

    [Theory]
    [InlineData("Cnn", "MixedPrecisionSequential")]
    [InlineData("Decoder", "MixedPrecisionComposite")]
    public void The_generated_code_shows_each_cast(string model, string snapshot)
    {
        var run = GeneratorHarness.Run(Sources);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Sources[$"Demo.{model}.g.cs"], snapshot);
    }

    [Fact]
    public void A_model_without_the_attribute_has_no_casts()
    {
        var run = GeneratorHarness.Run(Sources);
        var plain = run.Sources["Demo.PlainCnn.g.cs"];
        Assert.DoesNotContain("Autocast", plain);
        Assert.DoesNotContain("IMixedPrecision", plain);
    }

    [Theory]
    [InlineData("Cnn", 1, 12, 12)]
    [InlineData("Decoder", 6, 16)]
    public void Runs_in_bfloat16_close_to_float32_with_float32_parameters_and_gradients(string name, params int[] sample)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = New(name);
        Assert.Equal(ScalarType.BFloat16, Policy(model).ComputeType);
        model.eval();
        var input = randn(new long[] { 4 }.Concat(sample.Select(d => (long)d)).ToArray());

        var low = model.call(input);
        Policy(model).ComputeType = null;
        var full = model.call(input);

        // The last layer is a Linear: its output is in the compute type, the casts off give float32.
        Assert.Equal(ScalarType.BFloat16, low.dtype);
        Assert.Equal(ScalarType.Float32, full.dtype);
        var difference = (low.to(ScalarType.Float32) - full).abs().max().item<float>();
        var scale = full.abs().max().item<float>();
        Assert.True(difference > 0, "bfloat16 rounding should show");
        Assert.True(difference < 0.05 * scale, $"bfloat16 output is {difference} from float32 (largest {scale})");

        Policy(model).ComputeType = ScalarType.BFloat16;
        model.train();
        // output * output: square() is pow(2) with a temporary Scalar TorchSharp can free mid-call, giving a
        // garbage exponent (docs/decisions.md); multiplying two tensors passes no Scalar.
        var output = model.call(input).to(ScalarType.Float32);
        var loss = (output * output).mean();
        loss.backward();
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.parameters().Where(p => p.grad is not null), p =>
        {
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
            Assert.True(p.grad.isfinite().all().item<bool>());
        });
    }

    [Fact]
    public void With_the_casts_off_the_model_equals_the_one_without_the_attribute()
    {
        using var scope = NewDisposeScope();
        using var mixed = New("Cnn");
        using var plain = New("PlainCnn");
        plain.load_state_dict(mixed.state_dict());
        mixed.eval();
        plain.eval();
        Policy(mixed).ComputeType = null;
        var input = randn(3, 1, 12, 12);
        Assert.True(plain.call(input).equal(mixed.call(input)).all().item<bool>());
    }

    [Fact]
    public void The_policy_reaches_every_model_held_and_follows_changes()
    {
        using var model = New("Decoder");
        var cells = model.modules().OfType<IMixedPrecision>().ToList();
        Assert.Equal(2, cells.Count);
        Assert.All(cells, c => Assert.Equal(ScalarType.BFloat16, c.ComputeType));

        Policy(model).ComputeType = ScalarType.Float16;
        Assert.All(cells, c => Assert.Equal(ScalarType.Float16, c.ComputeType));

        // A held model alone keeps the bare attribute's default: no casts.
        using var cell = New("Cell");
        Assert.Null(Policy(cell).ComputeType);
    }

    [Fact]
    public void A_model_moved_to_float64_runs_in_float64()
    {
        using var scope = NewDisposeScope();
        using var model = New("Cnn");
        model.eval();
        model.@double();
        var output = model.call(randn(2, 1, 12, 12, dtype: ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, output.dtype);
    }

    [Fact]
    public void Only_a_low_precision_floating_type_is_a_compute_type()
    {
        using var model = New("Cnn");
        var error = Assert.Throws<ArgumentException>(() => Policy(model).ComputeType = ScalarType.Float64);
        Assert.Contains("BFloat16 or Float16", error.Message);
        Assert.Equal(ScalarType.BFloat16, Policy(model).ComputeType);
    }

    [Fact]
    public void Trains_in_bfloat16_and_float16()
    {
        foreach (var type in new[] { ScalarType.BFloat16, ScalarType.Float16 })
        {
            using var scope = NewDisposeScope();
            manual_seed(3);
            using var model = New("Decoder");
            Policy(model).ComputeType = type;
            var input = randn(8, 6, 16);
            var target = randn(8, 6, 5);
            using var optimizer = optim.Adam(model.parameters(), 0.01);
            var first = 0f;
            var last = 0f;
            for (var step = 0; step < 30; step++)
            {
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(model.call(input).to(ScalarType.Float32), target);
                loss.backward();
                optimizer.step();
                last = loss.item<float>();
                first = step == 0 ? last : first;
            }

            Assert.True(float.IsFinite(last));
            Assert.True(last < 0.7f * first, $"{type}: loss went from {first} to {last}");
        }
    }
}
