using System.Globalization;
using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>
/// The new layers' and options' checks: an error only where the shapes provably fail, at the
/// argument that explains it, with its exact message (SS0002 rank, SS0003 a dim gone, SS0007 an
/// argument); free dims stay free, so the same layers on B, T, H, W give nothing.
/// </summary>
public class LayerDiagnosticTests
{
    private static void Expect(string input, string layers, string id, string message, string dtype = "Float32")
    {
        var markup = Markup.Parse($$"""
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;

            [Input("{{input}}", Dtype = DType.{{dtype}})]
            {{layers}}
            public partial class M;
            """);
        var run = GeneratorHarness.Run(markup.Source);
        var diagnostic = Assert.Single(run.Diagnostics);
        run.AssertNoNoise();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static void Clean(string input, string layers)
    {
        var run = GeneratorHarness.Run($$"""
            using ShapeSharp;

            [Input("{{input}}")]
            {{layers}}
            public partial class M;
            """);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Empty(run.CompilerProblems);
    }

    [Theory]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, Kernel = 3, Stride = 2, [|Padding = \"same\"|])]", "SS0007",
        "Conv2d: Padding = \"same\" needs Stride = 1 (as in PyTorch), but Stride is 2")]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, Kernel = 3, Stride = new[] { 1, 2 }, [|Padding = \"same\"|])]", "SS0007",
        "Conv2d: Padding = \"same\" needs Stride = 1 (as in PyTorch), but Stride is [1, 2]")]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, [|Kernel = new[] { 3, 3, 3 }|])]", "SS0007",
        "Conv2d: Kernel must be one value or 2 (one per spatial axis), but has 3")]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, [|Kernel = 2.5|])]", "SS0007",
        "Conv2d: Kernel must be an int or an int[] with one value per spatial axis, but is 2.5")]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, Kernel = 3, [|Padding = \"full\"|])]", "SS0007",
        "Conv2d: Padding must be an int, an int[] with one value per spatial axis, \"same\" or \"valid\", but is \"full\"")]
    [InlineData("B, 3, 32, 32", "[Conv2d(8, Kernel = 3, [|Stride = new[] { 1, 0 }|])]", "SS0007",
        "Conv2d: Stride must be positive, but is [1, 0]")]
    [InlineData("B, 8, 7, 7", "[ConvTranspose2d(4, Kernel = 3, [|Padding = \"same\"|])]", "SS0007",
        "ConvTranspose2d: Padding must be an int or an int[] (PyTorch's ConvTranspose2d takes no \"same\" or \"valid\"), but is \"same\"")]
    [InlineData("B, 8, 7, 7", "[ConvTranspose2d(4, Kernel = 3, Stride = new[] { 2, 1 }, [|OutputPadding = new[] { 1, 1 }|])]", "SS0007",
        "ConvTranspose2d: OutputPadding must be smaller than Stride or Dilation, but is 1")]
    [InlineData("B, 3, 9, 2", "[MaxPool2d(3, 1), Conv2d(4, [|Kernel = new[] { 1, 3 }|])]", "SS0003",
        "Conv2d makes the width non-positive: input [B, 3, 3, 2] gives [B, 4, 3, 0]")]
    [InlineData("B, 3, 9, 8", "[MaxPool2d(3, 2, [|Padding = new[] { 1, 2 }|])]", "SS0007",
        "MaxPool2d: Padding must be at most half the kernel size [3, 2], but is [1, 2]")]
    [InlineData("B, 2, 4, 4, 4", "[Conv3d(4, [|Kernel = 5|])]", "SS0003",
        "Conv3d makes the depth non-positive: input [B, 2, 4, 4, 4] gives [B, 4, 0, 0, 0]")]
    [InlineData("B, 8, 8", "[[|MaxPool3d(2)|]]", "SS0002",
        "MaxPool3d takes input of rank 4 or 5, but gets [B, 8, 8] (rank 3)")]
    public void Per_axis_options_and_three_d_layers(string input, string layers, string id, string message) => Expect(input, layers, id, message);

    [Theory]
    [InlineData("B, 6, 4, 4", "[GroupNorm([|groups: 4|])]", "SS0007", "GroupNorm: groups must divide the channel count 6 of its input [B, 6, 4, 4], but is 4")]
    [InlineData("B, 6, 4, 4", "[PixelShuffle([|3|])]", "SS0007", "PixelShuffle: upscaleFactor = 3 needs a channel count divisible by 9, but its input [B, 6, 4, 4] has 6")]
    [InlineData("B, 6, 5, 4", "[PixelUnshuffle([|2|])]", "SS0007", "PixelUnshuffle: downscaleFactor = 2 needs a height divisible by 2, but its input [B, 6, 5, 4] has 5")]
    [InlineData("B, 3, 4, 4", "[[|ReflectionPad2d(4)|]]", "SS0007", "ReflectionPad2d: the padding 4 must be smaller than the width 4 it reflects (input [B, 3, 4, 4])")]
    [InlineData("B, 12", "[Unflatten(1, [|5, -1|])]", "SS0007", "Unflatten: sizes need dim 1 of the input [B, 12] to be a multiple of 5, but it is 12")]
    [InlineData("B, 12", "[Unflatten(1, [|3, 5|])]", "SS0007", "Unflatten: sizes multiply to 15, but dim 1 of the input [B, 12] is 12")]
    [InlineData("B, 6, 5", "[PReLU([|4|])]", "SS0007", "PReLU: numParameters must be 1 or the channel count (dim 1) of its input [B, 6, 5], but is 4")]
    [InlineData("B, 10", "[[|Dropout2d|]]", "SS0002", "Dropout2d takes input of rank 3 or 4, but gets [B, 10] (rank 2)")]
    [InlineData("B, 3, 10", "[[|Upsample(2, Mode = \"bilinear\")|]]", "SS0002", "Upsample takes input of rank 4, but gets [B, 3, 10] (rank 3)")]
    [InlineData("B, 3, 8, 8", "[Upsample(2, [|AlignCorners = true|])]", "SS0007", "Upsample: AlignCorners only applies to bilinear (PyTorch refuses it for nearest)")]
    [InlineData("B, 3, 8, 8", "[[|Upsample(2, Size = 16)|]]", "SS0007", "Upsample: the size takes either a scale factor or Size, not both or neither")]
    [InlineData("B, 10", "[[|LocalResponseNorm(3)|]]", "SS0002", "LocalResponseNorm takes input of rank 3 or 4 or 5, but gets [B, 10] (rank 2)")]
    [InlineData("B, 10", "[Softplus([|Beta = 0|])]", "SS0007", "Softplus: Beta must not be 0 (softplus divides by it)")]
    [InlineData("B, 16", "[[|CosineSimilarity|]]", "SS0007",
        "CosineSimilarity: the block compares two tensors: give it a block of its own with two Tensor parameters, e.g. [CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);")]
    [InlineData("B, 3, 4, 4", "[Upsample([|0.2|])]", "SS0003", "Upsample makes the height non-positive: input [B, 3, 4, 4] gives [B, 3, 0, 0]")]
    [InlineData("B, 3, 4, 4", "[ZeroPad2d(-1, -1, [|-1|], -3)]", "SS0003", "ZeroPad2d makes the height non-positive: input [B, 3, 4, 4] gives [B, 3, 0, 2]")]
    public void New_layers_report_what_provably_fails(string input, string layers, string id, string message) => Expect(input, layers, id, message);

    [Theory]
    [InlineData("B, 4", "[EmbeddingBag(10, 8, [|Mode = \"median\"|])]", "SS0007", "EmbeddingBag: Mode must be \"mean\", \"sum\" or \"max\", but is \"median\"")]
    [InlineData("B, 4, 5", "[[|EmbeddingBag(10, 8)|]]", "SS0002", "EmbeddingBag takes input of rank 2, but gets [B, 4, 5] (rank 3)")]
    public void EmbeddingBag_checks_its_mode_and_rank(string input, string layers, string id, string message) => Expect(input, layers, id, message, "Int64");

    [Theory]
    [InlineData("B, 3, H, W", "[Conv2d(8, Kernel = new[] { 3, 1 }, Padding = \"same\"), Conv2d(8, Kernel = new[] { 1, 3 }, Padding = new[] { 0, 1 }), MaxPool2d(2, 1)]")]
    [InlineData("B, 3, H, W", "[Upsample(2), PixelUnshuffle(2), PixelShuffle(2), ZeroPad2d(1, 1, 2, 2), ReflectionPad2d(1)]")]
    [InlineData("B, C, T", "[Dropout1d, AlphaDropout, Identity, SELU, Mish, Hardswish, Hardsigmoid, ReLU6, ELU, Softplus, PReLU]")]
    [InlineData("B, 4, T", "[Conv1d(8, Kernel = 3, Padding = \"same\"), ConvTranspose1d(4, Kernel = 4, Stride = 2, Padding = 1), AvgPool1d(2), AdaptiveAvgPool1d(4), AdaptiveMaxPool1d(2)]")]
    [InlineData("B, 8, D, H, W", "[Conv3d(4, Kernel = 3, Padding = \"same\"), BatchNorm3d, MaxPool3d(1, 2, 2), AvgPool3d(1)]")]
    [InlineData("B, 8, H, W", "[GroupNorm(2), InstanceNorm2d, LocalResponseNorm(2), Dropout2d, AdaptiveMaxPool2d(2, 3)]")]
    [InlineData("B, T", "[Unflatten(1, 1, -1), Flatten]")]
    [InlineData("B, 3, 8, 8", "[ZeroPad2d(-1, -1, -2, 0), Upsample(0.5)]")]
    public void Free_dims_stay_free(string input, string layers) => Clean(input, layers);

    [Fact]
    public void CosineSimilarity_block_checks_its_two_inputs_at_the_call()
    {
        var markup = Markup.Parse("""
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;

            [Input("B, 16", Name = "a")]
            [Input("B, 8", Name = "b")]
            public partial class M
            {
                [CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);

                public override Tensor forward(Tensor a, Tensor b) => [|Similarity(a, b)|];
            }
            """);
        var run = GeneratorHarness.Run(markup.Source);
        var diagnostic = Assert.Single(run.Diagnostics);
        run.AssertNoNoise();
        Assert.Equal("SS0007", diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Equal("CosineSimilarity: the inputs [B, 16] and [B, 8] do not broadcast (dim -1: 16 and 8)", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private const string CompositeNet = """
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;

            [Input("B, 3, 32, 32")]
            public partial class Net
            {
                [Conv2d(16, Kernel = new[] { 3, 1 }, Padding = "same"), GroupNorm(4), ReLU6, Dropout2d(0.1)] private partial Tensor Stem(Tensor x);
                [Conv2d(16, Kernel = 3, Padding = 1, Groups = 16), InstanceNorm2d(Affine = true), Hardswish] private partial Tensor Depthwise(Tensor x);
                [PixelUnshuffle(2), Conv2d(8, Kernel = 1), Upsample(2), AdaptiveMaxPool2d(1), Flatten, Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var stem = Stem(x);
                    return Head(Depthwise(stem) + stem);
                }
            }
            """;

    [Fact]
    public void New_layers_work_in_composite_blocks_counted_summarised_and_run()
    {
        var run = GeneratorHarness.Run(CompositeNet);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Empty(run.CompilerProblems);
        Assert.Contains("const string OutputShape = \"[B, 10]\"", run.Source);

        using var scope = TorchSharp.torch.NewDisposeScope();
        var type = GeneratorHarness.CompileAndLoad(CompositeNet).GetType("Net", throwOnError: true)!;
        using var model = (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)System.Activator.CreateInstance(type)!;
        model.eval();
        Assert.Equal(new long[] { 2, 10 }, model.call(TorchSharp.torch.randn(2, 3, 32, 32)).shape);
        Assert.Equal(model.parameters().Sum(p => p.numel()), (long)type.GetField("ParameterCount")!.GetValue(null)!);
        var summary = (string)type.GetMethod("Summary")!.Invoke(model, null)!;
        foreach (var kind in new[] { "GroupNorm", "ReLU6", "Dropout2d", "InstanceNorm2d", "Hardswish", "PixelUnshuffle", "Upsample", "AdaptiveMaxPool2d" })
        {
            Assert.Contains(kind, summary);
        }

        model.to(TorchSharp.torch.ScalarType.Float64);
        Assert.Equal(TorchSharp.torch.ScalarType.Float64, model.call(TorchSharp.torch.randn(2, 3, 32, 32, dtype: TorchSharp.torch.ScalarType.Float64)).dtype);
    }

    [Fact]
    public void Recurrent_blocks_without_a_state_compile_and_run()
    {
        // RNN's forward has no default state: its block without one did not compile before each rule owned its call.
        const string source = """
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;

            [Input("B, T, 8")]
            public partial class Recurrent
            {
                [RNN(6)] private partial Tensor Simple(Tensor x);
                [GRU(6), Linear(4)] private partial Tensor Gated(Tensor x);
                [LSTM(4)] private partial Tensor Long(Tensor x);

                public override Tensor forward(Tensor x) => Long(Gated(Simple(x) + Simple(x)));
            }
            """;
        var run = GeneratorHarness.Run(source);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics));
        Assert.Empty(run.CompilerProblems);

        using var scope = TorchSharp.torch.NewDisposeScope();
        var type = GeneratorHarness.CompileAndLoad(source).GetType("Recurrent", throwOnError: true)!;
        using var model = (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)System.Activator.CreateInstance(type)!;
        Assert.Equal(new long[] { 2, 5, 4 }, model.call(TorchSharp.torch.randn(2, 5, 8)).shape);
    }

    [Fact]
    public void A_stack_starting_with_EmbeddingBag_needs_integer_input()
    {
        var markup = Markup.Parse("""
            using ShapeSharp;

            [Input([|"B, 12"|])]
            [EmbeddingBag(100, 8), Linear(2)]
            public partial class M;
            """);
        var run = GeneratorHarness.Run(markup.Source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SS0007", diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Equal("Input: Dtype is Float32 (the default), but the first layer, EmbeddingBag, takes integer ids; declare Dtype = DType.Int64",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }
}
