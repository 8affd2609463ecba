using System;
using ShapeSharp.Generator.Tests.Composite;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// [Output] states what forward returns: a provable disagreement is SS0023 at the stated shape, naming
/// the layer or op that made the output; unknown stays silent.
/// </summary>
public class OutputTests
{
    private const string Usings = CompositeSources.Usings;

    // The classic DCGAN-style autoencoder: stride-2 transposed convs need OutputPadding = 1 to undo a
    // stride-2 conv on an even size (14 -> 7 -> 14 -> 28); without it the decoder gives 13 then 25.
    private static string Autoencoder(string outputPadding) => Usings + $$"""
        namespace Demo;

        [Input("B, 1, 28, 28")]
        [Output([|"B, 1, 28, 28"|])]
        [Conv2d(16, Kernel = 3, Stride = 2, Padding = 1), ReLU]
        [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1), ReLU]
        [ConvTranspose2d(16, Kernel = 3, Stride = 2, Padding = 1{{outputPadding}}), ReLU]
        [{|ConvTranspose2d(1, Kernel = 3, Stride = 2, Padding = 1{{outputPadding}})|}, Sigmoid]
        [MSELoss, Adam(LearningRate = 1e-3)]
        public partial class ConvAutoencoder;
        """;

    [Fact]
    public void An_autoencoder_whose_transposed_convs_lack_OutputPadding_fails_at_the_stated_output()
    {
        var message = GeneratorHarness.SingleDiagnostic(Autoencoder(string.Empty), "SS0023");
        Assert.Equal("ConvAutoencoder's forward returns [B, 1, 25, 25], but [Output] states [B, 1, 28, 28]: dim 2 is 25, not 28 (made by ConvTranspose2d)", message);
    }

    [Fact]
    public void The_same_autoencoder_with_OutputPadding_builds_and_returns_the_stated_shape()
    {
        var source = Markup.Parse(Autoencoder(", OutputPadding = 1")).Source;
        var assembly = GeneratorHarness.CompileAndLoad(source);
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(assembly.GetType("Demo.ConvAutoencoder")!)!;
        using var output = model.call(rand(3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 1, 28, 28 }, output.shape);
    }

    [Fact]
    public void A_hand_written_forward_whose_padding_grows_the_sequence_differs_for_every_length()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, 16, T")]
            [Output([|"B, 16, T"|])]
            public partial class Tcn
            {
                [{|Conv1d(16, Kernel = 1, Padding = 1)|}] private partial Tensor Mix(Tensor x);

                public override Tensor forward(Tensor x) => Mix(x).relu();
            }
            """, "SS0023");
        Assert.Equal("Tcn's forward returns [B, 16, T + 2], but [Output] states [B, 16, T]: dim 2 is T + 2, not T (made by Conv1d)", message);
    }

    [Fact]
    public void A_classifier_stated_as_one_score_per_sample_has_one_dim_too_many()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, 784")]
            [Output([|"B"|])]
            [Linear(128), ReLU, {|Linear(1)|}]
            public partial class Scorer;
            """, "SS0023");
        Assert.Equal("Scorer's forward returns [B, 1], but [Output] states [B]: it has 2 dims, not 1 (made by Linear)", message);
    }

    [Theory]
    [InlineData("B, 10")]
    [InlineData("B, ?")]
    [InlineData("?, classes")]
    [InlineData("B, classes")]
    public void Sizes_symbols_and_unknown_dims_that_may_hold_are_silent(string stated)
    {
        var run = GeneratorHarness.Run(Usings + $$"""
            namespace Demo;

            [Input("B, 784")]
            [Output("{{stated}}")]
            [Linear(128), ReLU, Linear("classes")]
            public partial class Mlp;
            """);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }

    [Fact]
    public void An_output_the_checker_cannot_follow_is_never_an_error()
    {
        var run = GeneratorHarness.Run(Usings + """
            namespace Demo;

            public static class Outside { public static Tensor Same(Tensor x) => x; }

            [Input("B, 32")]
            [Output("B, 7, 7")]
            public partial class Opaque
            {
                [Linear(16)] private partial Tensor Proj(Tensor x);

                public override Tensor forward(Tensor x) => Outside.Same(Proj(x));
            }
            """);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }

    [Fact]
    public void A_symbol_named_nowhere_else_is_pointed_at_in_the_stated_shape()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, 784")]
            [Output("B, [|N|]")]
            [Linear(10)]
            public partial class Mlp;
            """, "SS0008");
        Assert.Equal("Shape \"B, N\" cannot be parsed at column 4: N is neither a dim of [Input] nor a model size; write ? for a dim [Output] does not state", message);
    }

    [Fact]
    public void Output_on_a_forward_that_returns_a_tuple_says_so()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, 784")]
            [Output([|"B, 10"|])]
            public partial class TwoHeads
            {
                [Linear(10)] private partial Tensor Left(Tensor x);
                [Linear(10)] private partial Tensor Right(Tensor x);

                public override (Tensor, Tensor) forward(Tensor x) => (Left(x), Right(x));
            }
            """, "SS0007");
        Assert.Contains("does not return a Tensor", message);
    }
}
