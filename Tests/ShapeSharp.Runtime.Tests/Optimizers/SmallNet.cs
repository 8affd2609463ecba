using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Optimizers;

/// <summary>
/// A small real model (conv, LayerNorm, linears: weights of rank 4, 2 and 1) and a deterministic
/// training loop through TrainContext, shared by the optimizer tests.
/// </summary>
internal static class SmallNet
{
    /// <summary>
    /// The weights come from a generator of their own, not torch's global one: test classes run in
    /// parallel, and another test's manual_seed between two Creates would give two different models.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(long seed)
    {
        var model = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1), nn.ReLU(), nn.Flatten(),
            nn.LayerNorm(144), nn.Linear(144, 16), nn.ReLU(), nn.Linear(16, 3));
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
        {
            using var values = randn(p.shape, generator: generator);
            p.copy_(values.mul_(0.3));
        }

        return model;
    }

    /// <summary>Batch <paramref name="step"/>: the same tensors whenever asked for, so a resumed run sees the same data.</summary>
    public static (Tensor X, Tensor Y) Batch(long step)
    {
        using var generator = new Generator((ulong)(1000 + step));
        var x = randn(new long[] { 8, 1, 6, 6 }, generator: generator);
        var y = x.flatten(1).narrow(1, 0, 3).argmax(1);
        return (x, y);
    }

    /// <summary>Optimizer steps [from, to) through TrainContext (backward, step, zero_grad, schedule step).</summary>
    public static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, ILearningRateSchedule? schedule, long from, long to)
    {
        var context = new TrainContext(model, optimizer, (output, target) => nn.functional.cross_entropy(output, target), schedule);
        context.Restore(from);
        for (var step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Batch(step);
            context.Step(context.Loss(model.forward(x), y));
        }
    }

    public static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    /// <summary>The largest absolute difference between two models' parameters (names must agree).</summary>
    public static double MaxDifference(nn.Module a, nn.Module b)
    {
        var left = Weights(a);
        var right = Weights(b);
        Assert.Equal(left.Keys, right.Keys);
        return left.Max(p => p.Value.Zip(right[p.Key], (x, y) => Math.Abs((double)x - y)).Max());
    }
}
