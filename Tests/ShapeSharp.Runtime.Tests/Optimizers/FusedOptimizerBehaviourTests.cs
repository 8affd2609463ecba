using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Optimizers;

public sealed class FusedOptimizerBehaviourTests
{
    [Fact]
    public void Parameters_become_views_of_one_buffer_and_a_step_gathers_their_gradients()
    {
        using var model = SmallNet.Create(seed: 2);
        var before = model.parameters().Select(p => p.data<float>().ToArray()).ToList();
        using var flat = new FlatParameters(new[] { model.parameters().ToList() });
        var buffer = Assert.Single(flat.Buffers);
        Assert.Equal(model.parameters().Sum(p => p.numel()), buffer.Length);
        Assert.Equal(before, model.parameters().Select(p => p.data<float>().ToArray()).ToList());

        var (x, y) = SmallNet.Batch(0);
        nn.functional.cross_entropy(model.forward(x), y).backward();
        var parameters = model.parameters().ToList();
        parameters[0].grad = null;  // a parameter backward did not reach counts as zero
        flat.GatherGradients();
        using (var gradients = cat(parameters.Select(p => p.grad?.flatten() ?? zeros(p.numel())).ToList()))
        {
            Assert.True(gradients.abs().sum().item<float>() > 0);
            Assert.True(buffer.Grad.eq(gradients).all().item<bool>(), "the gathered gradients are not the parameters' gradients in buffer order");
        }

        flat.ReleaseGradients();
        Assert.Throws<InvalidOperationException>(() => buffer.Grad);
        flat.ZeroGradients();
        Assert.All(parameters, p => Assert.Null(p.grad));

        using (no_grad())
        {
            buffer.Data.fill_(0.5f);
        }

        Assert.All(model.parameters(), p => Assert.True(p.eq(0.5f).all().item<bool>()));
        Assert.All(model.parameters(), p => Assert.True(p.is_leaf && p.requires_grad));
    }

    [Fact]
    public void Module_zero_grad_which_drops_the_gradients_still_gives_TorchSharp_results()
    {
        // Module.zero_grad() sets .grad to null, so backward makes fresh tensors outside the buffer.
        static float[] Run(Func<IEnumerable<Parameter>, optim.Optimizer> create)
        {
            using var model = SmallNet.Create(seed: 4);
            using var optimizer = create(model.parameters());
            for (var step = 0; step < 20; step++)
            {
                using var scope = NewDisposeScope();
                var (x, y) = SmallNet.Batch(step);
                nn.functional.cross_entropy(model.forward(x), y).backward();
                optimizer.step();
                model.zero_grad();
            }

            return SmallNet.Weights(model).SelectMany(p => p.Value).ToArray();
        }

        var reference = Run(p => optim.SGD(p, 0.05, momentum: 0.9));
        var fused = Run(p => new FusedSgd(p, 0.05, momentum: 0.9));
        Assert.Equal(reference, fused);
    }

    [Fact]
    public void Frozen_parameters_stay_out_and_unchanged()
    {
        static Dictionary<string, float[]> Run(Func<IEnumerable<Parameter>, optim.Optimizer> create, out int count)
        {
            using var model = SmallNet.Create(seed: 6);
            model.parameters().First().requires_grad = false;
            using var optimizer = create(model.parameters());
            count = optimizer.parameters().Count();
            SmallNet.Train(model, optimizer, null, 0, 20);
            return SmallNet.Weights(model);
        }

        using var initial = SmallNet.Create(seed: 6);
        var frozenName = initial.named_parameters().First().name;
        var reference = Run(p => optim.AdamW(p, 1e-2, 0.9, 0.999, 1e-8, 0.1), out _);
        var fused = Run(p => new FusedAdamW(p, 1e-2, weightDecay: 0.1), out var fusedCount);
        Assert.Equal(initial.parameters().Count() - 1, fusedCount);
        Assert.Equal(SmallNet.Weights(initial)[frozenName], fused[frozenName]);
        Assert.All(reference, p => Assert.Equal(p.Value, fused[p.Key]));
    }

    [Fact]
    public void Attributes_create_the_fused_optimizers_and_split_decay_either_way()
    {
        using var model = SmallNet.Create(seed: 1);
        using var adamW = new AdamWAttribute { Fused = true }.Create(model.parameters(), learningRate: 0.25);
        Assert.IsType<FusedAdamW>(adamW);
        Assert.Equal(0.25, adamW.ParamGroups.Single().LearningRate);
        using var adam = new AdamAttribute { Fused = true }.Create(model.parameters());
        Assert.IsType<FusedAdam>(adam);
        using var sgd = new SGDAttribute(0.1) { Fused = true, Momentum = 0.9, NoDecayOnBiasAndNorm = true, WeightDecay = 0.01 }.Create(model.parameters());
        Assert.IsType<FusedSgd>(sgd);
        Assert.Equal(2, sgd.ParamGroups.Count());

        using var unfused = new AdamWAttribute { NoDecayOnBiasAndNorm = true }.Create(model.parameters());
        var groups = unfused.ParamGroups.Cast<AdamW.ParamGroup>().ToList();
        Assert.Equal(new[] { 0.01, 0.0 }, groups.Select(g => g.Options.weight_decay!.Value));
        Assert.All(groups[0].Parameters, p => Assert.True(p.dim() > 1));
        Assert.All(groups[1].Parameters, p => Assert.True(p.dim() <= 1));
        Assert.Equal(model.parameters().Count(), groups.Sum(g => g.Parameters.Count()));
    }

    [Fact]
    public void OnePass_implies_fused_moves_the_weights_and_leaves_the_gradient_as_backward_left_it()
    {
        using var model = SmallNet.Create(seed: 2);
        using var optimizer = new AdamAttribute(1e-2) { OnePass = true, WeightDecay = 0.1 }.Create(model.parameters());
        Assert.True(Assert.IsType<FusedAdam>(optimizer).OnePass);
        var (x, y) = SmallNet.Batch(0);
        nn.functional.cross_entropy(model.forward(x), y).backward();
        var before = SmallNet.Weights(model);
        var gradients = model.parameters().Select(p => p.grad!.data<float>().ToArray()).ToList();
        optimizer.step();

        // The kernel adds the L2 term to the gradient as it reads it, not into the gradient buffer.
        Assert.Equal(gradients, model.parameters().Select(p => p.grad!.data<float>().ToArray()));
        Assert.All(SmallNet.Weights(model), p => Assert.NotEqual(before[p.Key], p.Value));
    }

    [Fact]
    public void OnePass_updates_a_buffer_per_dtype_like_TorchSharp()
    {
        static List<Parameter> Parameters()
        {
            using var generator = new Generator(4);
            var single = new Parameter(randn(new long[] { 3, 4 }, generator: generator));
            var twice = new Parameter(randn(new long[] { 5 }, dtype: float64, generator: generator));
            return new List<Parameter> { single, twice };
        }

        var (reference, candidate) = (Parameters(), Parameters());
        using var torchSharp = optim.AdamW(reference, 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.1);
        using var onePass = new FusedAdamW(candidate, 1e-2, weightDecay: 0.1, onePass: true);
        for (var step = 1; step <= 20; step++)
        {
            foreach (var (p, q) in reference.Zip(candidate))
            {
                using var generator = new Generator((ulong)step);
                using var gradient = randn(p.shape, dtype: p.dtype, generator: generator);
                p.grad = gradient.clone();
                q.grad = gradient.clone();
            }

            torchSharp.step();
            onePass.step();
        }

        foreach (var (p, q) in reference.Zip(candidate))
        {
            Assert.True(p.allclose(q, rtol: 0, atol: 1e-6), $"{p.dtype}: {(p - q).abs().max().to(float64).item<double>()}");
            Assert.False(p.allclose(Parameters()[reference.IndexOf(p)]), "the weights did not move");
        }
    }

    [Fact]
    public void Misuse_is_a_clear_error()
    {
        using var half = new Parameter(zeros(3, dtype: float16));
        Assert.Throws<NotSupportedException>(() => new FusedAdamW(new[] { half }));
        using var single = new Parameter(zeros(3));
        Assert.Throws<ArgumentException>(() => new FusedAdamW(new[] { new ParameterGroup(new[] { single }), new ParameterGroup(new[] { single }) }));
        Assert.Throws<ArgumentException>(() => new FusedSgd(new[] { single }, 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FusedAdam(new[] { single }, lr: -1));
        using var optimizer = new FusedAdamW(new[] { single });
        Assert.Throws<NotSupportedException>(() => optimizer.add_param_group(new ParamGroup()));
    }
}
