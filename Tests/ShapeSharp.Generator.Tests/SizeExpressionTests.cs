using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Composite;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// A layer size may be an expression over model sizes and constants ("C / 4", "4 * D", "D / Heads"):
/// checked at compile time where its values are known, by the generated constructor otherwise.
/// </summary>
public class SizeExpressionTests
{
    private const string Usings = CompositeSources.Usings;

    // Squeeze-and-excitation (Hu et al.): squeeze to C / r channels, excite back to C.
    private const string SqueezeExcite = Usings + """
        namespace Demo;

        [Input("B, C, H, W")]
        public partial class SqueezeExcite
        {
            [AdaptiveAvgPool2d(1), Flatten, Linear("C / 4"), ReLU, Linear("C"), Sigmoid]
            private partial Tensor Gate(Tensor x);

            public override Tensor forward(Tensor x) => x * Gate(x).unsqueeze(-1).unsqueeze(-1);
        }

        // A transformer's feed-forward block, 4x wide, and per-head projections.
        [Input("B, T, D")]
        [LayerNorm, Linear("4 * D"), GELU, Linear("D")]
        public partial class FeedForward;

        [Input("B, T, D")]
        public partial class HeadProjection
        {
            [Linear("D / Heads")] private partial Tensor Query(Tensor x);

            public override Tensor forward(Tensor x) => Query(x);
        }
        """;

    private static Assembly Compiled() => GeneratorHarness.CompileAndLoad(SqueezeExcite);

    [Fact]
    public void Squeeze_and_excitation_builds_with_its_reduction_and_counts_its_parameters()
    {
        using var model = GeneratedModels.New(Compiled(), "Demo.SqueezeExcite", 64);
        using var output = model.call(rand(2, 64, 7, 7));
        Assert.Equal(new long[] { 2, 64, 7, 7 }, output.shape);
        Assert.Equal(64 * 16 + 16 + 16 * 64 + 64, GeneratedModels.Counted(model));
        Assert.Equal(GeneratedModels.Counted(model), GeneratedModels.Stated(model));
    }

    [Fact]
    public void A_channel_count_the_reduction_does_not_divide_is_refused_by_the_constructor_naming_model_layer_and_values()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneratedModels.New(Compiled(), "Demo.SqueezeExcite", 30));
        Assert.Equal("SqueezeExcite: Linear's outFeatures \"C / 4\" needs C to be a multiple of 4, but C = 30.", error.Message);
    }

    [Fact]
    public void A_feed_forward_four_times_as_wide_as_the_model()
    {
        using var model = GeneratedModels.New(Compiled(), "Demo.FeedForward", 32);
        using var output = model.call(rand(2, 5, 32));
        Assert.Equal(new long[] { 2, 5, 32 }, output.shape);
        Assert.Equal(64 + (32 * 128 + 128) + (128 * 32 + 32), GeneratedModels.Counted(model));
    }

    [Fact]
    public void A_head_width_divides_the_model_width_by_a_size()
    {
        var assembly = Compiled();
        using (var model = GeneratedModels.New(assembly, "Demo.HeadProjection", 64, 4))
        {
            using var output = model.call(rand(2, 3, 64));
            Assert.Equal(new long[] { 2, 3, 16 }, output.shape);
        }

        var error = Assert.Throws<ArgumentException>(() => GeneratedModels.New(assembly, "Demo.HeadProjection", 64, 5));
        Assert.Equal("HeadProjection: Linear's outFeatures \"D / Heads\" needs D to be a multiple of Heads, but D = 64 and Heads = 5.", error.Message);
    }

    [Fact]
    public void The_generated_constructor_shows_its_checks_before_the_layers()
    {
        var run = GeneratorHarness.Run(SqueezeExcite);
        var code = run.Sources.Single(s => s.Key.EndsWith("SqueezeExcite.g.cs", StringComparison.Ordinal)).Value;
        var check = code.IndexOf("global::ShapeSharp.SizeGuard.Divides(GetName(), \"Linear's outFeatures \\\"C / 4\\\"\", \"C\", C, \"4\", 4);", StringComparison.Ordinal);
        Assert.True(check > 0, code);
        Assert.True(check < code.IndexOf("nn.Linear(", StringComparison.Ordinal), code);
    }

    [Theory]
    [InlineData("[|\"64 / 3\"|]", "is \"64 / 3\", but 64 is not a multiple of 3")]
    [InlineData("[|\"2 - 4\"|]", "is \"2 - 4\", which is -2; a size must be positive")]
    [InlineData("[|\"D /\"|]", "must be a positive integer, a model size name, or an expression over them such as \"C / 8\" or \"4 * D\", but is \"D /\"")]
    [InlineData("[|\"D / 0\"|]", "divides by 0, which must be positive, in \"D / 0\"")]
    public void A_size_expression_that_fails_for_every_size_is_an_error_at_the_argument(string argument, string problem)
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + $$"""
            namespace Demo;

            [Input("B, 64")]
            [Linear({{argument}})]
            public partial class M;
            """, "SS0007");
        Assert.Equal("Linear: outFeatures " + problem, message);
    }

    [Fact]
    public void A_constant_expression_is_folded()
    {
        var run = GeneratorHarness.Run(Usings + """
            namespace Demo;

            [Input("B, 64")]
            [Linear("64 / 4"), ReLU, Linear(10, In = 16)]
            public partial class M;
            """);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
        Assert.Contains("nn.Linear(64, 16)", run.Sources.Values.Single());
    }

    [Fact]
    public void A_stated_In_that_some_size_satisfies_is_given_the_benefit_of_the_doubt()
    {
        // 4 * D = 64 holds for D = 16: not a provable mistake.
        var run = GeneratorHarness.Run(Usings + """
            namespace Demo;

            [Input("B, 64")]
            [Linear("4 * D"), ReLU, Linear(10, In = 64)]
            public partial class M;
            """);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }

    // MobileNetV2's depthwise kernel, sized by the expanded width: the zoo's first version was refused (SS0008).
    private const string Depthwise = Usings + """
        using TorchSharp.Modules;

        namespace Demo;

        [Input("B, C, H, W")]
        public partial class Expanded
        {
            [Conv2d("C * Expand", Kernel = 1)] private partial Tensor Widen(Tensor x);
            [Learned("C * Expand, 1, 3, 3", Uniform = 0.3)] private readonly Parameter depthwise;
            [Learned("C / Heads", Fill = 1)] private readonly Parameter scale;

            public override Tensor forward(Tensor x)
            {
                var h = Widen(x);
                return conv2d(h, depthwise, padding: new long[] { 1, 1 }, groups: h.shape[1]);
            }
        }
        """;

    [Fact]
    public void A_learned_tensor_may_be_sized_by_a_size_expression()
    {
        var assembly = GeneratorHarness.CompileAndLoad(Depthwise);
        using var model = GeneratedModels.New(assembly, "Demo.Expanded", 8, 6, 4);   // C, Expand, Heads: in order of use
        Assert.Equal(new long[] { 48, 1, 3, 3 }, model.state_dict()["depthwise"].shape);
        Assert.Equal(new long[] { 2 }, model.state_dict()["scale"].shape);
        using var output = model.call(rand(2, 8, 5, 5));
        Assert.Equal(new long[] { 2, 48, 5, 5 }, output.shape);
        Assert.Equal(GeneratedModels.Counted(model), GeneratedModels.Stated(model));

        var error = Assert.Throws<ArgumentException>(() => GeneratedModels.New(assembly, "Demo.Expanded", 8, 6, 3));
        Assert.Equal("Expanded: [Learned] scale \"C / Heads\" needs C to be a multiple of Heads, but C = 8 and Heads = 3.", error.Message);
    }

    [Fact]
    public void A_text_option_is_a_mode_not_a_size_even_in_a_model_with_an_error()
    {
        // The stand-in code of a model with an SS error keeps the real constructor: classes only, not "same".
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, 3, 32, 32")]
            [Conv2d(16, Kernel = 3, Padding = "same"), ReLU, Flatten, Linear("classes", [|In = 100|])]
            public partial class M;

            public static class Use
            {
                public static object Make() => new M(classes: 3);
            }
            """, "SS0001");
        Assert.Equal("Linear states In = 100, but its input [B, 16384] gives 16384", message);
    }
}
