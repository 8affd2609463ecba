using System.Linq;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

/// <summary>The learning rate each schedule gives the optimizer, step by step.</summary>
public class ScheduleTests
{
    private static double[] Curve(ScheduleAttribute schedule, double baseRate, long total, params long[] at)
    {
        using var model = nn.Linear(2, 1);
        using var optimizer = new SGDAttribute(baseRate).Create(model.parameters());
        var lr = schedule.Create(optimizer, total);
        var seen = new double[total + 1];
        for (var step = 0; step <= total; step++)
        {
            seen[step] = optimizer.ParamGroups.Single().LearningRate;
            Assert.Equal(seen[step], lr.LearningRate);
            lr.Step();
        }

        return at.Select(s => seen[s]).ToArray();
    }

    [Fact]
    public void Constant_keeps_the_rate()
    {
        Assert.Equal(new[] { 0.1, 0.1, 0.1 }, Curve(new ConstantScheduleAttribute(), 0.1, 10, 0, 5, 10));
    }

    [Fact]
    public void Warmup_linear_ramps_then_decays_to_zero()
    {
        // 10 warm-up steps: step k uses (k + 1) / 10; then linear from 1 at step 10 to 0 at step 110.
        var lr = Curve(new WarmupLinearDecayAttribute { WarmupSteps = 10 }, 1.0, 110, 0, 4, 9, 10, 60, 110);
        Assert.Equal(new[] { 0.1, 0.5, 1.0, 1.0, 0.5, 0.0 }, lr.Select(v => System.Math.Round(v, 12)));
    }

    [Fact]
    public void Warmup_cosine_follows_half_a_cosine_to_the_final_fraction()
    {
        var lr = Curve(new WarmupCosineDecayAttribute { WarmupSteps = 10, FinalFraction = 0.1 }, 2.0, 110, 9, 10, 60, 110);
        Assert.Equal(2.0, lr[0], 12);
        Assert.Equal(2.0, lr[1], 12);
        Assert.Equal(2.0 * (0.1 + 0.9 * 0.5), lr[2], 12);  // halfway: cos(pi/2) = 0
        Assert.Equal(0.2, lr[3], 12);
    }

    [Fact]
    public void Warmup_fraction_sets_the_warmup_from_the_total()
    {
        var lr = Curve(new WarmupLinearDecayAttribute { WarmupFraction = 0.1 }, 1.0, 100, 0, 9);
        Assert.Equal(new[] { 0.1, 1.0 }, lr.Select(v => System.Math.Round(v, 12)));
    }

    [Fact]
    public void Step_schedule_multiplies_by_gamma_every_step_size()
    {
        var lr = Curve(new StepScheduleAttribute(5) { Gamma = 0.5 }, 1.0, 20, 0, 4, 5, 10, 19);
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.25, 0.125 }, lr);
    }

    [Fact]
    public void Restore_jumps_to_the_rate_of_a_step()
    {
        using var model = nn.Linear(2, 1);
        using var optimizer = new SGDAttribute(1.0).Create(model.parameters());
        var schedule = new WarmupLinearDecayAttribute { WarmupSteps = 10 }.Create(optimizer, 110);
        schedule.Restore(60);
        Assert.Equal(60, schedule.StepCount);
        Assert.Equal(0.5, schedule.LearningRate, 12);
    }
}
