using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>
/// Each layer the vocabulary gained, generated from its attribute and run, against TorchSharp's
/// functional op (or its module) given the same weights: the options reach the op, the weights are
/// the ones the state dict names. Parameters are redrawn first, so a default init cannot hide a mix-up.
/// </summary>
public class LayerNumericTests
{
    private delegate Tensor Expected(Tensor x, IReadOnlyDictionary<string, Tensor> state);

    /// <summary>Model name -> (input shape, layer attribute, run shape, the expected output).</summary>
    private static readonly Dictionary<string, (string Input, string Layer, long[] Run, Expected Expected)> Cases = new()
    {
        ["ReLU6"] = ("B, 10", "[ReLU6]", new long[] { 3, 10 }, (x, _) => F.relu6(x * 5)),
        ["ELU"] = ("B, 10", "[ELU(Alpha = 0.5)]", new long[] { 3, 10 }, (x, _) => F.elu(x * 5, 0.5)),
        ["SELU"] = ("B, 10", "[SELU]", new long[] { 3, 10 }, (x, _) => F.selu(x * 5)),
        ["PReLU"] = ("B, 6, 5", "[PReLU(6, Init = 0.1)]", new long[] { 2, 6, 5 }, (x, s) => F.prelu(x * 5, s["layers.0.weight"])),
        ["PReLUShared"] = ("B, 6, 5", "[PReLU]", new long[] { 2, 6, 5 }, (x, s) => F.prelu(x * 5, s["layers.0.weight"])),
        ["Hardswish"] = ("B, 10", "[Hardswish]", new long[] { 3, 10 }, (x, _) => F.hardswish(x * 5)),
        ["Hardsigmoid"] = ("B, 10", "[Hardsigmoid]", new long[] { 3, 10 }, (x, _) => F.hardsigmoid(x * 5)),
        ["Mish"] = ("B, 10", "[Mish]", new long[] { 3, 10 }, (x, _) => F.mish(x * 5)),
        ["Softplus"] = ("B, 10", "[Softplus(Beta = 2, Threshold = 3)]", new long[] { 3, 10 }, (x, _) => F.softplus(x * 5, 2, 3)),
        ["Identity"] = ("B, 10", "[Identity]", new long[] { 3, 10 }, (x, _) => x * 5),
        ["GroupNorm"] = ("B, 8, 6, 6", "[GroupNorm(4, Eps = 1e-3)]", new long[] { 2, 8, 6, 6 },
            (x, s) => F.group_norm(x * 5, 4, s["layers.0.weight"], s["layers.0.bias"], 1e-3)),
        ["InstanceNorm1d"] = ("B, 8, 20", "[InstanceNorm1d(Affine = true)]", new long[] { 2, 8, 20 },
            (x, s) => F.instance_norm(x * 5, weight: s["layers.0.weight"], bias: s["layers.0.bias"])),
        ["InstanceNorm2d"] = ("B, 8, 6, 6", "[InstanceNorm2d]", new long[] { 2, 8, 6, 6 }, (x, _) => F.instance_norm(x * 5)),
        ["BatchNorm3d"] = ("B, 4, 3, 4, 4", "[BatchNorm3d(Eps = 1e-3)]", new long[] { 2, 4, 3, 4, 4 },
            (x, s) => F.batch_norm(x * 5, s["layers.0.running_mean"], s["layers.0.running_var"], s["layers.0.weight"], s["layers.0.bias"], eps: 1e-3)),
        ["LocalResponseNorm"] = ("B, 8, 6, 6", "[LocalResponseNorm(3, Alpha = 1e-2, K = 2)]", new long[] { 2, 8, 6, 6 },
            (x, _) => F.local_response_norm(x * 5, 3, alpha: 1e-2, k: 2)),
        ["Conv3d"] = ("B, 2, 5, 6, 7", "[Conv3d(3, Kernel = new[] { 1, 3, 2 }, Stride = new[] { 1, 2, 1 }, Padding = new[] { 0, 1, 1 }, Dilation = new[] { 1, 1, 2 })]", new long[] { 2, 2, 5, 6, 7 },
            (x, s) => F.conv3d(x * 5, s["layers.0.weight"], s["layers.0.bias"], new long[] { 1, 2, 1 }, new long[] { 0, 1, 1 }, new long[] { 1, 1, 2 })),
        ["Conv2dSame"] = ("B, 3, 9, 8", "[Conv2d(4, Kernel = new[] { 3, 5 }, Padding = \"same\", Groups = 1)]", new long[] { 2, 3, 9, 8 },
            (x, s) => F.conv2d(x * 5, s["layers.0.weight"], s["layers.0.bias"], padding: new long[] { 1, 2 })),
        ["Conv2dSameEvenKernel"] = ("B, 3, 9, 8", "[Conv2d(4, Kernel = new[] { 4, 2 }, Padding = \"same\")]", new long[] { 2, 3, 9, 8 },
            (x, s) => F.conv2d(F.pad(x * 5, (0, 1, 1, 2)), s["layers.0.weight"], s["layers.0.bias"])),   // PyTorch pads the extra row and column at the end
        ["Conv2dValid"] = ("B, 3, 9, 8", "[Conv2d(4, Kernel = 3, Padding = \"valid\", Bias = false)]", new long[] { 2, 3, 9, 8 },
            (x, s) => F.conv2d(x * 5, s["layers.0.weight"])),
        ["Conv1dSame"] = ("B, 3, 11", "[Conv1d(4, Kernel = 5, Padding = \"same\", Dilation = 2)]", new long[] { 2, 3, 11 },
            (x, s) => F.conv1d(x * 5, s["layers.0.weight"], s["layers.0.bias"], padding: 4, dilation: 2)),
        ["ConvTranspose1d"] = ("B, 4, 9", "[ConvTranspose1d(3, Kernel = 4, Stride = 3, Padding = 1, OutputPadding = 2)]", new long[] { 2, 4, 9 },
            (x, s) => F.conv_transpose1d(x * 5, s["layers.0.weight"], s["layers.0.bias"], stride: 3, padding: 1, output_padding: 2)),
        ["ConvTranspose2dPerAxis"] = ("B, 4, 5, 6", "[ConvTranspose2d(4, Kernel = new[] { 3, 2 }, Stride = new[] { 2, 1 }, Padding = new[] { 1, 0 }, OutputPadding = new[] { 1, 0 }, Dilation = new[] { 1, 2 }, Groups = 2)]", new long[] { 2, 4, 5, 6 },
            (x, s) => F.conv_transpose2d(x * 5, s["layers.0.weight"], s["layers.0.bias"], new long[] { 2, 1 }, new long[] { 1, 0 }, new long[] { 1, 0 }, new long[] { 1, 2 }, 2)),
        ["ConvTranspose2dPerAxisUniformOutputPadding"] = ("B, 4, 5, 6", "[ConvTranspose2d(3, Kernel = new[] { 3, 2 }, Stride = new[] { 2, 3 }, Padding = new[] { 1, 0 }, OutputPadding = 1)]", new long[] { 2, 4, 5, 6 },
            (x, s) => F.conv_transpose2d(x * 5, s["layers.0.weight"], s["layers.0.bias"], new long[] { 2, 3 }, new long[] { 1, 0 }, new long[] { 1, 1 })),
        ["Conv2dPerAxis"] = ("B, 4, 11, 12", "[Conv2d(6, Kernel = new[] { 3, 2 }, Stride = new[] { 2, 1 }, Padding = new[] { 1, 0 }, Dilation = new[] { 1, 2 }, Groups = 2)]", new long[] { 2, 4, 11, 12 },
            (x, s) => F.conv2d(x * 5, s["layers.0.weight"], s["layers.0.bias"], new long[] { 2, 1 }, new long[] { 1, 0 }, new long[] { 1, 2 }, 2)),
        ["MaxPool2dPerAxis"] = ("B, 3, 9, 8", "[MaxPool2d(3, 1, Stride = new[] { 2, 1 }, Padding = new[] { 1, 0 })]", new long[] { 2, 3, 9, 8 },
            (x, _) => F.max_pool2d(x * 5, new long[] { 3, 1 }, new long[] { 2, 1 }, new long[] { 1, 0 })),
        ["MaxPool3d"] = ("B, 2, 8, 8, 8", "[MaxPool3d(2, 2, 1)]", new long[] { 2, 2, 8, 8, 8 }, (x, _) => F.max_pool3d(x * 5, new long[] { 2, 2, 1 })),
        ["AvgPool3d"] = ("B, 2, 8, 8, 8", "[AvgPool3d(2, Stride = 1, Padding = 1, CountIncludePad = false)]", new long[] { 2, 2, 8, 8, 8 },
            (x, _) => F.avg_pool3d(x * 5, new long[] { 2, 2, 2 }, new long[] { 1, 1, 1 }, new long[] { 1, 1, 1 }, count_include_pad: false)),
        ["AvgPool1d"] = ("B, 4, 20", "[AvgPool1d(4, Stride = 3, CeilMode = true)]", new long[] { 2, 4, 20 }, (x, _) => F.avg_pool1d(x * 5, 4, 3, ceil_mode: true)),
        ["AvgPool2dDivisor"] = ("B, 3, 8, 8", "[AvgPool2d(2, DivisorOverride = 3)]", new long[] { 2, 3, 8, 8 }, (x, _) => F.avg_pool2d(x * 5, 2, divisor_override: 3)),
        ["AdaptiveAvgPool1d"] = ("B, 8, 37", "[AdaptiveAvgPool1d(5)]", new long[] { 2, 8, 37 }, (x, _) => F.adaptive_avg_pool1d(x * 5, 5)),
        ["AdaptiveMaxPool1d"] = ("B, 8, 37", "[AdaptiveMaxPool1d(4)]", new long[] { 2, 8, 37 }, (x, _) => F.adaptive_max_pool1d(x * 5, 4)),
        ["AdaptiveMaxPool2d"] = ("B, 6, 9, 7", "[AdaptiveMaxPool2d(4, 2)]", new long[] { 2, 6, 9, 7 }, (x, _) => F.adaptive_max_pool2d(x * 5, new long[] { 4, 2 })),
        ["UpsampleNearest"] = ("B, 3, 4, 5", "[Upsample(2)]", new long[] { 2, 3, 4, 5 }, (x, _) => (x * 5).repeat_interleave(2, 2).repeat_interleave(2, 3)),
        ["UpsampleNearest1d"] = ("B, 3, 4", "[Upsample(3)]", new long[] { 2, 3, 4 }, (x, _) => (x * 5).repeat_interleave(3, 2)),
        ["UpsampleBilinear"] = ("B, 3, 4, 5", "[Upsample(Size = new[] { 7, 9 }, Mode = \"bilinear\", AlignCorners = true)]", new long[] { 2, 3, 4, 5 },
            (x, _) => nn.Upsample(new long[] { 7, 9 }, mode: UpsampleMode.Bilinear, align_corners: true).call(x * 5)),
        ["PixelShuffle"] = ("B, 16, 5, 5", "[PixelShuffle(2)]", new long[] { 2, 16, 5, 5 }, (x, _) => F.pixel_shuffle(x * 5, 2)),
        ["PixelUnshuffle"] = ("B, 3, 8, 6", "[PixelUnshuffle(2)]", new long[] { 2, 3, 8, 6 }, (x, _) => F.pixel_unshuffle(x * 5, 2)),
        ["ZeroPad2d"] = ("B, 3, 5, 6", "[ZeroPad2d(1, 2, 0, 3)]", new long[] { 2, 3, 5, 6 }, (x, _) => F.pad(x * 5, (1, 2, 0, 3))),
        ["ReflectionPad2d"] = ("B, 3, 5, 6", "[ReflectionPad2d(2)]", new long[] { 2, 3, 5, 6 }, (x, _) => F.pad(x * 5, new long[] { 2, 2, 2, 2 }, PaddingModes.Reflect)),
        ["Unflatten"] = ("B, 12, 5", "[Unflatten(1, 2, -1, 2)]", new long[] { 2, 12, 5 }, (x, _) => (x * 5).view(2, 2, 3, 2, 5)),
        ["Dropout2dEval"] = ("B, 4, 6, 6", "[Dropout2d(0.5)]", new long[] { 2, 4, 6, 6 }, (x, _) => x * 5),
        ["Dropout1dEval"] = ("B, 4, 6", "[Dropout1d, AlphaDropout(0.2)]", new long[] { 2, 4, 6 }, (x, _) => x * 5),
    };

    private static string Source(string name)
    {
        var (input, layer, _, _) = Cases[name];
        return LayerExamples.Usings + $"[Input(\"{input}\")]\n{layer}\npublic partial class {name}Numeric;\n";
    }

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(Cases.Keys.Select(Source).ToArray()));

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_the_functional_op_with_the_same_weights(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Examples." + name + "Numeric", throwOnError: true)!)!;
        Redraw(model);
        model.eval();
        var (_, _, run, expected) = Cases[name];
        var x = randn(run);
        var actual = model.call(x * 5);
        var wanted = expected(x, model.state_dict());
        Assert.Equal(wanted.shape, actual.shape);
        Assert.True(wanted.allclose(actual, rtol: 1e-5, atol: 1e-6), $"{name}: largest difference {(wanted - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void Dropout2d_drops_whole_channels_while_training()
    {
        using var scope = NewDisposeScope();
        var type = Models.Value.GetType("Examples.Dropout2dEvalNumeric", throwOnError: true)!;
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
        model.train();
        var x = ones(8, 4, 6, 6);
        var y = model.call(x);
        // Each channel is all zero or all one value: whole channels were dropped.
        var perChannel = y.view(8, 4, 36);
        var spread = (perChannel.max(2).values - perChannel.min(2).values).abs().max().item<float>();
        Assert.True(spread < 1e-5, $"values vary within a channel by {spread}");
        Assert.True(perChannel[.., .., 0].unique().output.numel() > 1, "nothing was dropped");
    }

    [Theory]
    [InlineData("sum", -1)]
    [InlineData("mean", -1)]
    [InlineData("max", -1)]
    [InlineData("sum", 3)]
    [InlineData("mean", 3)]
    [InlineData("max", 3)]
    public void EmbeddingBag_matches_torchsharps_module_with_the_same_weights(string mode, long padding)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var ours = new ShapeSharp.Modules.EmbeddingBag(10, 4, mode, padding);
        var torchMode = mode switch { "sum" => EmbeddingBagMode.Sum, "max" => EmbeddingBagMode.Max, _ => EmbeddingBagMode.Mean };
        using var theirs = nn.EmbeddingBag(10, 4, mode: torchMode, padding_index: padding);
        using (no_grad())
        {
            theirs.weight!.copy_(ours.weight);
        }

        // Bag 0 holds the padding index once, bag 1 twice; none is only padding (PyTorch's empty-bag result differs by mode).
        var input = tensor(new long[] { 1, 3, 5, 7, 3, 2, 3, 9, 0 }, dtype: ScalarType.Int64).view(3, 3);
        var expected = theirs.call(input, null, null);
        var actual = ours.call(input);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), $"{mode}, padding {padding}: {expected.str()} vs {actual.str()}");
        Assert.Equal(new[] { "weight" }, ours.state_dict().Keys);
    }

    [Fact]
    public void EmbeddingBag_refuses_bad_arguments_clearly()
    {
        Assert.Contains("mode must be", Assert.Throws<ArgumentException>(() => new ShapeSharp.Modules.EmbeddingBag(10, 4, "median")).Message);
        Assert.Contains("padding_idx", Assert.Throws<ArgumentException>(() => new ShapeSharp.Modules.EmbeddingBag(10, 4, "sum", 10)).Message);
        using var bag = new ShapeSharp.Modules.EmbeddingBag(10, 4);
        Assert.Contains("[B, L]", Assert.Throws<ArgumentException>(() => bag.call(zeros(5, dtype: ScalarType.Int64))).Message);
    }

    [Fact]
    public void ConvTranspose2d_with_an_output_padding_per_axis_runs_where_torchsharps_module_fails()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 2, 5, 6);
        // TorchSharp 0.107's module gives both axes the first output padding, which libtorch refuses here.
        Assert.ThrowsAny<Exception>(() => nn.ConvTranspose2d(2, 3, (3L, 2L), stride: (2L, 1L), output_padding: (1L, 0L)).call(x));
        using var ours = new ShapeSharp.Modules.ConvTranspose2d(2, 3, (3, 2), stride: (2, 1), output_padding: (1, 0));
        Assert.Equal(new long[] { 1, 3, 12, 7 }, ours.call(x).shape);
        Assert.Equal(new[] { "weight", "bias" }, ours.state_dict().Keys);
        ours.to(ScalarType.Float64);
        Assert.All(ours.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Float64, ours.call(x.to(ScalarType.Float64)).dtype);
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new ShapeSharp.Modules.ConvTranspose2d(2, 3, (3, 3), groups: 2)).Message);
    }

    [Fact]
    public void CosineSimilarity_block_matches_the_functional_op()
    {
        using var scope = NewDisposeScope();
        var assembly = GeneratorHarness.CompileAndLoad(LayerExamples.Source("CosineSimilarity"));
        using var model = (nn.Module<Tensor, Tensor, Tensor>)Activator.CreateInstance(assembly.GetType("Examples.CosineSimilarityExample", throwOnError: true)!)!;
        var (a, b) = (randn(3, 16), randn(3, 16));
        Assert.True(F.cosine_similarity(a, b, 1).allclose(model.call(a, b)));
    }

    /// <summary>Every parameter drawn from U(-1, 1) (and a positive running variance), so the test sees the weights it was given.</summary>
    private static void Redraw(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
        {
            p.uniform_(-1, 1);
        }

        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                buffer.uniform_(0.5, 2);
            }
            else if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                buffer.uniform_(-1, 1);
            }
        }
    }
}
