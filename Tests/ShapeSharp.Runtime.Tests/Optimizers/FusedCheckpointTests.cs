using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Optimizers;

/// <summary>The fused optimizers' state (step count, moments, momentum) through Runtime's Checkpoint.</summary>
public sealed class FusedCheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "AdamW no decay on norms" => new FusedAdamW(parameters, 1e-2, weightDecay: 0.05, noDecay: ParameterGroup.IsBiasOrNorm),
        "Adam amsgrad L2" => new FusedAdam(parameters, 1e-2, weightDecay: 0.01, amsgrad: true),
        "AdamW one pass amsgrad" => new FusedAdamW(parameters, 1e-2, weightDecay: 0.05, amsgrad: true, onePass: true),
        "SGD nesterov L2" => new FusedSgd(parameters, 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("AdamW no decay on norms")]
    [InlineData("Adam amsgrad L2")]
    [InlineData("AdamW one pass amsgrad")]
    [InlineData("SGD nesterov L2")]
    public void Fifty_steps_a_checkpoint_and_fifty_more_equal_a_hundred_straight_bit_for_bit(string name)
    {
        var schedule = new WarmupCosineDecayAttribute { WarmupSteps = 10 };
        using var straight = SmallNet.Create(seed: 5);
        using (var optimizer = Create(name, straight.parameters()))
        {
            SmallNet.Train(straight, optimizer, schedule.Create(optimizer, 100), 0, 100);
        }

        var path = _temp.File(name + ".ckpt");
        using (var first = SmallNet.Create(seed: 5))
        using (var optimizer = Create(name, first.parameters()))
        {
            SmallNet.Train(first, optimizer, schedule.Create(optimizer, 100), 0, 50);
            Checkpoint.Save(path, first, optimizer, new CheckpointInfo(1, 50, null, new History()));
        }

        using var resumed = SmallNet.Create(seed: 77);  // other initial weights: everything must come from the checkpoint
        using (var optimizer = Create(name, resumed.parameters()))
        {
            var rates = schedule.Create(optimizer, 100);  // before loading, as the trainer does: it takes the base rates
            var info = Checkpoint.Load(path, resumed, optimizer);
            Assert.Equal(50, ((FusedOptimizer)optimizer).StepCount);
            rates.Restore(info.Step);
            SmallNet.Train(resumed, optimizer, rates, info.Step, 100);
        }

        var expected = SmallNet.Weights(straight);
        var actual = SmallNet.Weights(resumed);
        foreach (var (key, values) in expected)
        {
            Assert.Equal(values, actual[key]);
        }
    }

    [Fact]
    public void State_of_another_optimizer_or_other_settings_is_refused()
    {
        var path = _temp.File("adamw.ckpt");
        using var model = SmallNet.Create(seed: 1);
        using (var torchSharp = optim.AdamW(model.parameters(), 1e-2))
        {
            SmallNet.Train(model, torchSharp, null, 0, 2);
            Checkpoint.Save(path, model, torchSharp, new CheckpointInfo(1, 2, null, new History()));
        }

        using var other = SmallNet.Create(seed: 1);
        using (var fused = new FusedAdamW(other.parameters(), 1e-2))
        {
            var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, other, fused));
            Assert.Contains("does not fit this optimizer", error.Message);

            SmallNet.Train(other, fused, null, 0, 2);
            Checkpoint.Save(path, other, fused, new CheckpointInfo(1, 2, null, new History()));
        }

        using var third = SmallNet.Create(seed: 1);
        using var otherBetas = new FusedAdamW(third.parameters(), 1e-2, beta1: 0.8);
        var mismatch = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, third, otherBetas));
        Assert.Contains("settings", mismatch.Message);
    }
}
