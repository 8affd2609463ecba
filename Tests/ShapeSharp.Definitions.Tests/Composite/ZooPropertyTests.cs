using System.Linq;
using ShapeSharp.Definitions.Generative;
using ShapeSharp.Definitions.PointClouds;
using ShapeSharp.Definitions.Sequence;
using ShapeSharp.Definitions.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// What makes each new zoo model the model it claims to be, beyond shapes and twins: WaveNet is
/// causal, PointNet ignores the order of its points, the VAE samples only in training, the U-Net
/// runs at any size divisible by 4, and MobileNetV2's depthwise kernel is nn.Conv2d's.
/// </summary>
public class ZooPropertyTests
{
    [Fact]
    public void WaveNet_output_at_a_step_depends_on_no_later_input()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new WaveNet();
        model.eval();
        using var noGrad = no_grad();
        var x = randn(2, 1, 40);
        var changed = x.clone();
        changed[.., .., 25..] = randn(2, 1, 15);

        var before = model.call(x);
        var after = model.call(changed);

        Assert.True(before[.., .., ..25].equal(after[.., .., ..25]).all().item<bool>(), "an output before step 25 changed with the inputs from step 25 on");
        Assert.False(before[.., .., 25..].equal(after[.., .., 25..]).all().item<bool>(), "the outputs from step 25 on ignored their own inputs");
    }

    [Fact]
    public void WaveNet_sees_seventeen_steps_back_and_no_further()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new WaveNet();
        model.eval();
        using var noGrad = no_grad();
        var x = randn(1, 1, 40);
        var changed = x.clone();
        changed[0, 0, 10] = tensor(5f);

        var difference = (model.call(changed) - model.call(x)).abs().squeeze()[10..].gt(0);

        // The causal conv (2) and dilations 1 + 2 + 4 + 8: a receptive field of 17 samples, so the
        // change at 10 reaches outputs 10..26 and none after.
        Assert.True(difference[..17].all().item<bool>(), "a step within the receptive field did not see the change");
        Assert.False(difference[17..].any().item<bool>(), "a step beyond the receptive field saw the change");
    }

    [Fact]
    public void PointNet_gives_the_same_classes_whatever_the_order_of_the_points()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new PointNet(classes: 4);
        model.eval();
        using var noGrad = no_grad();
        var points = randn(3, 3, 50);
        var shuffled = points.index_select(2, randperm(50));

        Assert.Equal(model.call(points).data<float>().ToArray(), model.call(shuffled).data<float>().ToArray());
    }

    [Fact]
    public void ConvVae_samples_in_training_and_decodes_the_mean_in_eval()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new ConvVae();
        var x = rand(2, 1, 28, 28);
        using var noGrad = no_grad();

        model.eval();
        Assert.True(model.call(x).equal(model.call(x)).all().item<bool>(), "eval is not deterministic");
        model.train();
        Assert.False(model.call(x).equal(model.call(x)).all().item<bool>(), "training does not sample");

        var output = model.call(x);
        Assert.True(output.ge(0).all().item<bool>() && output.le(1).all().item<bool>(), "the reconstruction is not a probability per pixel");
        var loss = model.Loss(x).item<float>();
        Assert.True(float.IsFinite(loss) && loss > 0, $"negative ELBO {loss}");
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(20, 36)]
    public void UNet_keeps_the_size_of_its_input(long height, long width)
    {
        using var scope = NewDisposeScope();
        using var model = new UNet();
        model.eval();
        using var noGrad = no_grad();

        Assert.Equal(new[] { 2L, 1, height, width }, model.call(rand(2, 1, height, width)).shape);
    }

    [Fact]
    public void MobileNetV2_depthwise_kernel_computes_what_a_depthwise_nn_Conv2d_computes()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var block = new InvertedResidual(C: 8, Hidden: 24);
        var kernel = block.state_dict()["depthwise"];
        using var conv = nn.Conv2d(24, 24, 3, padding: 1, groups: 24, bias: false);
        using (no_grad())
        {
            conv.weight!.copy_(kernel);
        }

        var x = randn(2, 24, 6, 6);
        var functional = nn.functional.conv2d(x, kernel, padding: new long[] { 1 }, groups: 24);

        Assert.Equal(conv.weight!.shape, kernel.shape);
        Assert.Equal(conv.forward(x).data<float>().ToArray(), functional.data<float>().ToArray());
    }
}
