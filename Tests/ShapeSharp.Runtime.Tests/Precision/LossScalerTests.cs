using System;
using System.Linq;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Precision;

/// <summary>LossScaler against GradScaler's rules: scale, unscale in place, skip and back off, grow.</summary>
public class LossScalerTests
{
    [Fact]
    public void Scales_the_loss_and_unscales_the_gradients_to_the_unscaled_ones()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(tensor(new[] { 1.5f, -2f, 0.25f }));
        var x = tensor(new[] { 3f, 1f, -4f });
        var scaler = new LossScaler(initialScale: 1024);

        var reference = (weight * x).sum();
        reference.backward();
        var expected = weight.grad!.clone();
        weight.grad = null;

        scaler.ScaleLoss((weight * x).sum()).backward();
        Assert.True(weight.grad!.allclose(expected * 1024));
        Assert.True(scaler.Unscale(new[] { weight }));
        Assert.True(weight.grad!.allclose(expected));
    }

    [Fact]
    public void A_non_finite_gradient_is_found_and_the_scale_backs_off()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(ones(2));
        var b = new Parameter(ones(2));
        a.grad = tensor(new[] { 1f, 2f });
        b.grad = tensor(new[] { float.PositiveInfinity, 0f });
        var scaler = new LossScaler(initialScale: 8, growthInterval: 3);

        var finite = scaler.Unscale(new[] { a, b });
        scaler.Update(finite);

        Assert.False(finite);
        Assert.Equal(4, scaler.Scale);
        Assert.Equal(1, scaler.SkippedSteps);
        Assert.Equal(0, scaler.GrowthTracker);
    }

    [Fact]
    public void The_scale_grows_after_the_interval_of_clean_steps_and_a_skip_restarts_the_count()
    {
        var scaler = new LossScaler(initialScale: 8, growthInterval: 3);
        scaler.Update(true);
        scaler.Update(true);
        Assert.Equal(8, scaler.Scale);
        scaler.Update(false);
        Assert.Equal(4, scaler.Scale);
        scaler.Update(true);
        scaler.Update(true);
        Assert.Equal(4, scaler.Scale);
        scaler.Update(true);
        Assert.Equal(8, scaler.Scale);
        Assert.Equal(0, scaler.GrowthTracker);
    }

    [Fact]
    public void Parameters_without_gradients_are_finite()
    {
        var scaler = new LossScaler();
        using var p = new Parameter(ones(3));
        Assert.True(scaler.Unscale(new[] { p }));
    }

    [Theory]
    [InlineData(0, 2, 0.5, 10)]
    [InlineData(double.PositiveInfinity, 2, 0.5, 10)]
    [InlineData(1024, 1, 0.5, 10)]
    [InlineData(1024, 2, 1, 10)]
    [InlineData(1024, 2, 0.5, 0)]
    public void Settings_outside_their_range_are_refused(double scale, double growth, double backoff, int interval)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new LossScaler(scale, growth, backoff, interval));
    }
}
