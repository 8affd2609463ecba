using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// [Learned("1, 1, 64", ...)] on a Parameter field: the generated constructor creates the tensor with
/// the declared shape and initialisation, the model registers it under the field's name, counts it
/// at compile time, moves it, and the forward checker knows its shape.
/// </summary>
public class LearnedTests
{
    private const string Draws = CompositeSources.Usings + """
        using TorchSharp.Modules;

        namespace Demo;

        /// <summary>One learned tensor per initialisation, large enough to measure.</summary>
        [Input("B, 4")]
        public partial class Draws
        {
            [Learned("4")] private readonly Parameter zeros_;
            [Learned("4", Fill = 1)] private readonly Parameter ones_;
            [Learned("4", Fill = -2.5)] private readonly Parameter filled;
            [Learned("256, 256", Normal = 0.02)] private readonly Parameter normal;
            [Learned("256, 256", TruncatedNormal = 0.5)] private readonly Parameter truncated;
            [Learned("256, 256", Uniform = 0.3)] private readonly Parameter uniform;

            [Linear(4)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(x) + zeros_ + ones_ + filled;
        }
        """;

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(CompositeSources.Learned, Draws));

    private static nn.Module<Tensor, Tensor> Create(string name, params object[] arguments) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!, arguments)!;

    private static Tensor State(nn.Module module, string name) => module.state_dict()[name];

    [Fact]
    public void Learned_tensors_have_the_declared_shapes_and_state_dict_names()
    {
        using var scope = NewDisposeScope();
        using var vit = Create("TinyVit", 5L);
        Assert.Equal(new long[] { 1, 1, 64 }, State(vit, "cls_token").shape);
        Assert.Equal(new long[] { 1, 9, 64 }, State(vit, "pos_embed").shape);
        Assert.Equal(new long[] { 5, 64 }, State(vit, "prototypes").shape);
        Assert.Equal(new long[] { 64 }, State(vit, "layers.1.gamma").shape);
        Assert.Contains("layers.0.mlp.1.weight", vit.state_dict().Keys);
        Assert.All(vit.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(new long[] { 3, 5 }, vit.call(randn(3, 8, 64)).shape);
    }

    [Fact]
    public void A_name_in_the_shape_is_a_constructor_parameter_and_forward_is_inferred_through_the_fields()
    {
        var type = Models.Value.GetType("Demo.TinyVit")!;
        Assert.Equal("classes", Assert.Single(Assert.Single(type.GetConstructors()).GetParameters()).Name);
        Assert.Equal("[B, classes]", type.GetField("OutputShape")!.GetValue(null));
    }

    [Fact]
    public void Each_initialisation_draws_what_it_says()
    {
        using var scope = NewDisposeScope();
        using var draws = Create("Draws");
        Assert.True(State(draws, "zeros_").eq(0).all().item<bool>());
        Assert.True(State(draws, "ones_").eq(1).all().item<bool>());
        Assert.True(State(draws, "filled").eq(-2.5).all().item<bool>());

        var normal = State(draws, "normal");
        Assert.InRange(normal.std().item<float>(), 0.019, 0.021);
        Assert.InRange(normal.mean().item<float>(), -0.001, 0.001);

        // Cut at two standard deviations: no value beyond 1.0, and a std below the untruncated 0.5 (0.44).
        var truncated = State(draws, "truncated");
        Assert.True(truncated.abs().max().item<float>() <= 1.0f);
        Assert.InRange(truncated.std().item<float>(), 0.42, 0.46);

        var uniform = State(draws, "uniform");
        Assert.True(uniform.abs().max().item<float>() <= 0.3f);
        Assert.InRange(uniform.std().item<float>(), 0.3 / Math.Sqrt(3) - 0.005, 0.3 / Math.Sqrt(3) + 0.005);
    }

    [Fact]
    public void Learned_tensors_are_counted_at_compile_time()
    {
        var constant = Models.Value.GetType("Demo.Draws")!.GetField("ParameterCount")!;
        Assert.True(constant.IsLiteral);
        using var draws = Create("Draws");
        Assert.Equal(draws.parameters().Sum(p => p.numel()), (long)constant.GetValue(null)!);
        Assert.Equal(3 * 4 + 3 * 256 * 256 + 4 * 4 + 4, (long)constant.GetValue(null)!);

        // A sub-model's learned scale is in its constant count, and the Repeat stack's.
        var scaled = (long)Models.Value.GetType("Demo.ScaledMlp")!.GetField("ParameterCount")!.GetValue(null)!;
        Assert.Equal(64 + (2 * 64) + (64 * 128 + 128) + (128 * 64 + 64), scaled);
        using var vit = Create("TinyVit", 5L);
        Assert.Equal(vit.parameters().Sum(p => p.numel()), (long)vit.GetType().GetProperty("ParameterCount")!.GetValue(vit)!);
    }

    [Fact]
    public void Learned_tensors_move_with_the_model_and_are_trained()
    {
        using var scope = NewDisposeScope();
        using var vit = Create("TinyVit", 5L).to(ScalarType.Float64);
        Assert.All(vit.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        var before = State(vit, "cls_token").clone();
        using var optimizer = optim.SGD(vit.parameters(), 0.1);
        var output = vit.call(randn(new long[] { 2, 8, 64 }, dtype: ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, output.dtype);
        output.sum().backward();
        optimizer.step();
        Assert.False(State(vit, "cls_token").allclose(before), "the class token was not trained after the move");
    }

    [Fact]
    public void The_summary_lists_learned_tensors()
    {
        using var vit = Create("TinyVit", 5L);
        var summary = (string)vit.GetType().GetMethod("Summary")!.Invoke(vit, null)!;
        Assert.Contains("cls_token (Parameter)", summary);
        Assert.Contains("prototypes (Parameter)", summary);
        Assert.Contains("[classes, 64]", summary);
    }

    private static string Model(string fields, string forward = "Head(x)", string input = "B, 8, 64") => CompositeSources.Usings + $$"""
        using TorchSharp.Modules;

        namespace Demo;

        [Input("{{input}}")]
        public partial class M
        {
            {{fields}}

            [Linear(10)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => {{forward}};
        }
        """;

    [Fact]
    public void A_provable_mismatch_with_a_learned_tensor_is_SS0020_at_the_op()
    {
        var message = GeneratorHarness.SingleDiagnostic(
            Model("[Learned(\"1, 9, 64\")] private readonly Parameter pos_embed;", "Head([|x + pos_embed|])"), "SS0020");
        Assert.Contains("[B, 8, 64]", message);
        Assert.Contains("[1, 9, 64]", message);
    }

    [Fact]
    public void A_provable_mismatch_with_an_initialised_readonly_field_is_SS0020_at_the_op()
    {
        var message = GeneratorHarness.SingleDiagnostic(
            Model("private readonly Parameter pos_embed = nn.Parameter(zeros(1, 9, 64));", "Head([|x + pos_embed|])"), "SS0020");
        Assert.Contains("[1, 9, 64]", message);
    }

    [Theory]
    [InlineData("private Parameter pos_embed = nn.Parameter(zeros(1, 9, 64));")]            // may be reassigned
    [InlineData("private readonly Parameter pos_embed = MakeTable();")]                      // not read by the checker
    [InlineData("private readonly Parameter pos_embed = nn.Parameter(zeros(1, 8, 64));")]   // right
    public void A_field_of_unknown_or_fitting_shape_gives_nothing(string field)
    {
        var run = GeneratorHarness.Run(Model(field + "\n    private static Parameter MakeTable() => nn.Parameter(zeros(1, 9, 64));", "Head(x + pos_embed)"));
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }

    [Theory]
    [InlineData("1, [|0|], 64", "a constant dim must be a positive integer")]
    [InlineData("1, x[|!|]", "expected ','")]     // "1, x-1" is a size expression since size expressions came
    public void An_unreadable_shape_is_SS0008_at_the_bad_token(string shape, string problem)
    {
        var message = GeneratorHarness.SingleDiagnostic(Model($"[Learned(\"{shape}\")] private readonly Parameter p;", "Head(x) + p.sum()"), "SS0008");
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData("[Learned(\"1, [|?|], 64\")] private readonly Parameter p;", "unknown dim")]
    [InlineData("[Learned(\"1, [|T|], 64\")] private readonly Parameter p;", "T, a dim of [Input] that is free at run time")]
    [InlineData("[Learned(\"64\", [|Normal = -0.02|])] private readonly Parameter p;", "must be positive")]
    [InlineData("[Learned(\"64\", [|Uniform = 0|])] private readonly Parameter p;", "must be positive")]
    [InlineData("[Learned(\"64\", [|Fill = double.NaN|])] private readonly Parameter p;", "finite")]
    [InlineData("[Learned(\"64\", Normal = 0.02, [|Uniform = 0.1|])] private readonly Parameter p;", "a second time")]
    [InlineData("[[|Learned(\"64\")|]] private readonly Parameter p = nn.Parameter(zeros(64));", "must not have an initialiser")]
    [InlineData("[[|Learned(\"64\")|]] private readonly Tensor p;", "declared Tensor")]
    [InlineData("[[|Learned(\"64\")|]] private static readonly Parameter p = nn.Parameter(zeros(64));", "static")]
    public void A_misused_Learned_is_SS0007_at_the_argument(string field, string problem)
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(field, "Head(x) + p.sum()", "B, T, 64"), "SS0007");
        Assert.Contains(problem, message);
    }

    [Fact]
    public void A_field_registered_under_a_block_name_is_SS0007_at_the_field()
    {
        var message = GeneratorHarness.SingleDiagnostic(CompositeSources.Usings + """
            using TorchSharp.Modules;

            namespace Demo;

            [Input("B, 64")]
            public partial class M
            {
                private readonly Parameter [|head|] = nn.Parameter(zeros(10));

                [Linear(32), ReLU, Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(x) + head;
            }
            """, "SS0007");
        Assert.Contains("the layers of block Head", message);
    }
}
