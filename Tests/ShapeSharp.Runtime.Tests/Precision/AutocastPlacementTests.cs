using ShapeSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Precision;

/// <summary>Where Autocast's low precision applies: convolutions stay in float32 on the CPU, Linear does not; on CUDA both compute low.</summary>
public class AutocastPlacementTests
{
    [Fact]
    public void A_convolution_on_the_cpu_computes_in_float32_and_takes_a_bfloat16_input()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var conv = nn.Conv2d(8, 8, 3, padding: 1);
        var x = randn(4, 8, 6, 6);

        var output = Autocast.Run(conv, x.to(ScalarType.BFloat16), ScalarType.BFloat16);

        // libtorch's oneDNN bfloat16 kernel got exactly this layer wrong on an AMD EPYC (13.4 off in 28.6).
        Assert.Equal(ScalarType.Float32, output.dtype);
        Assert.True(output.allclose(conv.forward(x.to(ScalarType.BFloat16).to(ScalarType.Float32))));
    }

    [Fact]
    public void A_linear_on_the_cpu_still_computes_in_bfloat16_close_to_float32()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var linear = nn.Linear(32, 8);
        var x = randn(4, 5, 32);

        var output = Autocast.Run(linear, x, ScalarType.BFloat16);

        Assert.Equal(ScalarType.BFloat16, output.dtype);
        var full = linear.forward(x);
        var difference = (output.to(ScalarType.Float32) - full).abs().max().item<float>();
        Assert.True(difference > 0 && difference < 0.02 * full.abs().max().item<float>(), $"bfloat16 Linear is {difference} from float32");
    }

    [CudaFact]
    public void On_cuda_a_convolution_computes_in_bfloat16_close_to_float32()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var conv = nn.Conv2d(8, 8, 3, padding: 1);
        conv.cuda();
        var x = randn(4, 8, 6, 6).cuda();

        var output = Autocast.Run(conv, x, ScalarType.BFloat16);

        Assert.Equal(ScalarType.BFloat16, output.dtype);
        var full = conv.forward(x);
        var difference = (output.to(ScalarType.Float32) - full).abs().max().item<float>();
        Assert.True(difference < 0.02 * full.abs().max().item<float>(), $"bfloat16 convolution on cuda is {difference} from float32");
    }
}
