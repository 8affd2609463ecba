using System;
using System.Linq;
using ShapeSharp.Generator.Tests.Composite;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// A sub-model declared once with sizes is used several times with its sizes given at each use
/// ([Layer&lt;T&gt;(Sizes = "Out = 32")]): each use checked at its call, each built with its own sizes.
/// </summary>
public class ParametricSubModelTests
{
    private const string Usings = CompositeSources.Usings;

    // U-Net's double convolution (Ronneberger et al.): In comes from the input, Out is given per use.
    private const string DoubleConv = """
        [Input("B, In, H, W", Sizes = "In")]
        [Conv2d("Out", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
        [Conv2d("Out", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
        public partial class DoubleConv;

        // Squeeze-and-excitation with its reduction R a size of each use.
        [Input("B, C, H, W")]
        public partial class SqueezeExcite
        {
            [AdaptiveAvgPool2d(1), Flatten, Linear("C / R"), ReLU, Linear("C"), Sigmoid]
            private partial Tensor Gate(Tensor x);

            public override Tensor forward(Tensor x) => x * Gate(x).unsqueeze(-1).unsqueeze(-1);
        }

        """;

    private const string TinyUNet = Usings + "namespace Demo;\n\n" + DoubleConv + """
        [Input("B, 3, H, W")]
        public partial class TinyUNet
        {
            [Layer<DoubleConv>(Sizes = "Out = 16")] private partial Tensor Down1(Tensor x);
            [MaxPool2d(2), Layer<DoubleConv>(Sizes = "Out = 32")] private partial Tensor Down2(Tensor x);
            [Layer<SqueezeExcite>(Sizes = "R = 8")] private partial Tensor Attend(Tensor x);
            [ConvTranspose2d(16, Kernel = 2, Stride = 2)] private partial Tensor Up(Tensor x);
            [Layer<DoubleConv>(Sizes = "Out = 16"), Layer<SqueezeExcite>(Sizes = "R = 4")] private partial Tensor Fuse(Tensor x);
            [Conv2d(2, Kernel = 1)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var skip = Down1(x);
                var deep = Attend(Down2(skip));
                return Head(Fuse(cat(new[] { Up(deep), skip }, 1)));
            }
        }

        [Input("B, 3, 32, 32")]
        [Layer<DoubleConv>(Sizes = "Out = 8"), MaxPool2d(2), Layer<DoubleConv>(Sizes = "Out = 8", Repeat = 2)]
        [Layer<DoubleConv>(Sizes = "Out = 2 * Width"), Layer<DoubleConv>]
        [Flatten, Linear(10)]
        public partial class Stack;
        """;

    [Fact]
    public void A_U_Net_uses_one_double_conv_at_three_widths_and_one_gate_at_two_reductions()
    {
        var assembly = GeneratorHarness.CompileAndLoad(TinyUNet);
        using var model = GeneratedModels.New(assembly, "Demo.TinyUNet");
        using var output = model.call(rand(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 2, 32, 32 }, output.shape);

        var state = model.state_dict();
        Assert.Equal(new long[] { 16, 3, 3, 3 }, state["down1.layers.0.weight"].shape);
        Assert.Equal(new long[] { 32, 16, 3, 3 }, state["down2.1.layers.0.weight"].shape);
        Assert.Equal(new long[] { 4, 32 }, state["attend.gate.2.weight"].shape);     // 32 / 8
        Assert.Equal(new long[] { 16, 32, 3, 3 }, state["fuse.0.layers.0.weight"].shape);
        Assert.Equal(new long[] { 4, 16 }, state["fuse.1.gate.2.weight"].shape);     // 16 / 4
        Assert.Equal(GeneratedModels.Counted(model), GeneratedModels.Stated(model));
    }

    [Fact]
    public void The_count_of_a_use_is_known_at_compile_time_when_its_sizes_are()
    {
        var run = GeneratorHarness.Run(TinyUNet);
        var code = run.Sources.Single(s => s.Key.EndsWith("TinyUNet.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("new global::Demo.DoubleConv(3, 16)", code);
        Assert.Contains("new global::Demo.DoubleConv(32, 16)", code);
        Assert.Contains("new global::Demo.SqueezeExcite(32, 8)", code);
        Assert.Contains("public const long ParameterCount", code);
    }

    [Fact]
    public void A_size_left_open_is_the_callers_size_and_Repeat_builds_each_copy_with_it()
    {
        var assembly = GeneratorHarness.CompileAndLoad(TinyUNet);
        using var model = GeneratedModels.New(assembly, "Demo.Stack", 6, 4);    // Width, then Out: the sizes in order of use
        using var output = model.call(rand(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 10 }, output.shape);
        Assert.Equal(GeneratedModels.Counted(model), GeneratedModels.Stated(model));
        var state = model.state_dict();
        Assert.Equal(new long[] { 8, 8, 3, 3 }, state["layers.2.1.layers.0.weight"].shape);
        Assert.Equal(new long[] { 12, 8, 3, 3 }, state["layers.3.layers.0.weight"].shape);
        Assert.Equal(new long[] { 4, 12, 3, 3 }, state["layers.4.layers.0.weight"].shape);
    }

    [Fact]
    public void A_reduction_that_does_not_divide_the_channels_at_this_use_is_an_error_at_the_call()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + "namespace Demo;\n\n" + DoubleConv + """
            [Input("B, 30, H, W")]
            public partial class M
            {
                [Layer<SqueezeExcite>({|Sizes = "R = 4"|})] private partial Tensor Attend(Tensor x);

                public override Tensor forward(Tensor x) => [|Attend(x)|];
            }
            """, "SS0007");
        Assert.Equal("Layer: 'SqueezeExcite' Linear's outFeatures \"C / R\" needs C to be a multiple of R, but here it is 30 against 4", message);
    }

    [Fact]
    public void A_given_size_its_input_contradicts_is_told_at_the_call()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + "namespace Demo;\n\n" + DoubleConv + """
            [Input("B, 3, H, W")]
            public partial class M
            {
                [Layer<DoubleConv>({|Sizes = "In = 4, Out = 8"|})] private partial Tensor Stem(Tensor x);

                public override Tensor forward(Tensor x) => [|Stem(x)|];
            }
            """, "SS0001");
        Assert.Equal("DoubleConv states In = 4, but its input [B, 3, H, W] gives 3", message);
    }

    [Theory]
    [InlineData("Width = 8", "names Width, which is not a size of 'DoubleConv' (its sizes: In, Out)")]
    [InlineData("Out 8", "must assign sizes as \"Name = value\", but holds \"Out 8\"")]
    public void A_size_list_that_names_no_size_of_the_model_says_which_it_has(string sizes, string problem)
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + "namespace Demo;\n\n" + DoubleConv + $$"""
            [Input("B, 3, 32, 32")]
            [Layer<DoubleConv>([|Sizes = "{{sizes}}"|]), Flatten, Linear(10)]
            public partial class M;
            """, "SS0007");
        Assert.Equal("Layer: Sizes " + problem, message);
    }

    // MobileNetV2's inverted residual (Sandler et al.), declared once: its expansion, output width,
    // stride and the depthwise conv's groups are sizes of each use.
    private const string MobileNet = Usings + """
        namespace Demo;

        [Input("B, In, H, W", Sizes = "In")]
        [Conv2d("In * Expand", Kernel = 1, Bias = false), BatchNorm2d, ReLU6]
        [Conv2d("In * Expand", Kernel = 3, Stride = "S", Padding = 1, Groups = "In * Expand", Bias = false), BatchNorm2d, ReLU6]
        [Conv2d("Out", Kernel = 1, Bias = false), BatchNorm2d]
        public partial class InvertedResidual;

        // A dilated 1-d layer whose dilation is given per use, as a WaveNet stack's are.
        [Input("B, C, T", Sizes = "C")]
        [Conv1d("C", Kernel = 2, Dilation = "Dilation"), Tanh]
        public partial class DilatedLayer;

        [Input("B, 3, 32, 32")]
        [Conv2d(16, Kernel = 3, Padding = 1)]
        [Layer<InvertedResidual>(Sizes = "Expand = 6, Out = 24, S = 2")]
        [Layer<InvertedResidual>(Sizes = "Expand = 6, Out = 24, S = 1")]
        [Layer<InvertedResidual>(Sizes = "Expand = 6, Out = 32, S = 2")]
        [AdaptiveAvgPool2d(1), Flatten, Linear(10)]
        public partial class TinyMobileNet;

        [Input("B, 8, 64")]
        [Layer<DilatedLayer>(Sizes = "Dilation = 1"), Layer<DilatedLayer>(Sizes = "Dilation = 2"), Layer<DilatedLayer>(Sizes = "Dilation = 4")]
        [Flatten, Linear(3)]
        public partial class DilatedStack;
        """;

    [Fact]
    public void Stride_groups_and_dilation_are_sizes_of_each_use()
    {
        var assembly = GeneratorHarness.CompileAndLoad(MobileNet);
        var run = GeneratorHarness.Run(MobileNet);
        using var mobile = GeneratedModels.New(assembly, "Demo.TinyMobileNet");
        using var output = mobile.call(rand(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 10 }, output.shape);
        Assert.Equal(GeneratedModels.Counted(mobile), GeneratedModels.Stated(mobile));
        var state = mobile.state_dict();
        Assert.Equal(new long[] { 96, 1, 3, 3 }, state["layers.1.layers.3.weight"].shape);   // depthwise: 16 * 6 groups
        Assert.Equal(new long[] { 144, 1, 3, 3 }, state["layers.2.layers.3.weight"].shape);  // 24 * 6

        // The strides: 32 -> 16 -> 16 -> 8, stated at compile time in the shape comments.
        var code = run.Sources.Single(s => s.Key.EndsWith("TinyMobileNet.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("[B, 24, 16, 16]", code);
        Assert.Contains("[B, 32, 8, 8]", code);
        Assert.Contains("public const long ParameterCount", code);

        using var stack = GeneratedModels.New(assembly, "Demo.DilatedStack");
        using var result = stack.call(rand(2, 8, 64));
        Assert.Equal(new long[] { 2, 3 }, result.shape);   // 64 - 1 - 2 - 4 = 57 steps flattened into the head
        Assert.Equal(new long[] { 3, 8 * 57 }, stack.state_dict()["layers.4.weight"].shape);
    }

    [Fact]
    public void A_groups_size_that_does_not_divide_the_channels_at_this_use_is_an_error_at_the_call()
    {
        var message = GeneratorHarness.SingleDiagnostic(Usings + """
            namespace Demo;

            [Input("B, C, H, W", Sizes = "C")]
            [Conv2d("C", Kernel = 3, Padding = 1, Groups = "G")]
            public partial class Grouped;

            [Input("B, 6, 8, 8")]
            [Layer<Grouped>([|Sizes = "G = 4"|]), Flatten, Linear(2)]
            public partial class M;
            """, "SS0007");
        Assert.Equal("Layer: 'Grouped' Conv2d's input channels C by Groups needs C to be a multiple of G, but here it is 6 against 4", message);
    }
}
