using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Optimizers;

/// <summary>
/// The fused optimizers against TorchSharp's: the same model trained 100 real steps twice (same seed,
/// same batches, a warm-up/cosine schedule moving the rate), every parameter within 1e-6.
/// </summary>
public sealed class FusedOptimizerTests
{
    private const int Steps = 100;
    private const double Tolerance = 1e-6;
    private readonly ITestOutputHelper _output;

    public FusedOptimizerTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Configurations => new()
    {
        "AdamW", "AdamW no decay", "AdamW amsgrad", "Adam", "Adam L2", "Adam amsgrad L2",
        "SGD", "SGD momentum", "SGD nesterov L2", "SGD dampening L2",
    };

    private static OptimizerAttribute Attribute(string name) => name switch
    {
        "AdamW" => new AdamWAttribute(1e-2) { WeightDecay = 0.05 },
        "AdamW no decay" => new AdamWAttribute(1e-2) { WeightDecay = 0 },
        "AdamW amsgrad" => new AdamWAttribute(1e-2) { WeightDecay = 0.05, AmsGrad = true, Beta1 = 0.8, Beta2 = 0.99 },
        "Adam" => new AdamAttribute(1e-2),
        "Adam L2" => new AdamAttribute(1e-2) { WeightDecay = 0.01 },
        "Adam amsgrad L2" => new AdamAttribute(1e-2) { WeightDecay = 0.01, AmsGrad = true, Eps = 1e-6 },
        "SGD" => new SGDAttribute(0.05),
        "SGD momentum" => new SGDAttribute(0.05) { Momentum = 0.9 },
        "SGD nesterov L2" => new SGDAttribute(0.05) { Momentum = 0.9, Nesterov = true, WeightDecay = 0.01 },
        "SGD dampening L2" => new SGDAttribute(0.05) { Momentum = 0.8, Dampening = 0.1, WeightDecay = 0.01 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private void Compare(Func<IEnumerable<Parameter>, optim.Optimizer> torchSharp, Func<IEnumerable<Parameter>, optim.Optimizer> fused, bool schedule = true)
    {
        var difference = Difference(torchSharp, fused, schedule);
        _output.WriteLine($"largest parameter difference after {Steps} steps: {difference:G3}");
        Assert.True(difference <= Tolerance, $"the fused optimizer drifted from TorchSharp's by {difference}");
    }

    private static double Difference(Func<IEnumerable<Parameter>, optim.Optimizer> torchSharp, Func<IEnumerable<Parameter>, optim.Optimizer> fused, bool schedule)
    {
        using var reference = SmallNet.Create(seed: 3);
        using var candidate = SmallNet.Create(seed: 3);
        var initial = SmallNet.Weights(candidate);
        using var referenceOptimizer = torchSharp(reference.parameters());
        using var fusedOptimizer = fused(candidate.parameters());
        Assert.IsAssignableFrom<FusedOptimizer>(fusedOptimizer);
        Assert.IsNotAssignableFrom<FusedOptimizer>(referenceOptimizer);

        var cosine = new WarmupCosineDecayAttribute { WarmupSteps = 10 };
        SmallNet.Train(reference, referenceOptimizer, schedule ? cosine.Create(referenceOptimizer, Steps) : null, 0, Steps);
        SmallNet.Train(candidate, fusedOptimizer, schedule ? cosine.Create(fusedOptimizer, Steps) : null, 0, Steps);

        var moved = initial.Max(p => p.Value.Zip(SmallNet.Weights(candidate)[p.Key], (a, b) => Math.Abs(a - b)).Max());
        Assert.True(moved > 1e-2, $"training barely moved the weights ({moved}); the comparison would prove little");
        return SmallNet.MaxDifference(reference, candidate);
    }

    [Fact]
    public void The_comparison_sees_a_small_difference_in_settings()
    {
        var difference = Difference(
            parameters => optim.AdamW(parameters, 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.05),
            parameters => new FusedAdamW(parameters, 1e-2, weightDecay: 0.051),
            schedule: true);
        Assert.True(difference > Tolerance, $"weight decay 0.05 against 0.051 gave only {difference}");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fused_attribute_matches_TorchSharp_for_100_steps(string configuration)
    {
        Compare(
            parameters => Attribute(configuration).Create(parameters),
            parameters => WithFused(Attribute(configuration)).Create(parameters));
    }

    /// <summary>libtorch's one-pass kernel orders its arithmetic differently: equal to rounding, not bit for bit.</summary>
    [Theory]
    [InlineData("AdamW")]
    [InlineData("AdamW no decay")]
    [InlineData("AdamW amsgrad")]
    [InlineData("Adam")]
    [InlineData("Adam L2")]
    [InlineData("Adam amsgrad L2")]
    public void OnePass_attribute_matches_TorchSharp_for_100_steps(string configuration)
    {
        Compare(
            parameters => Attribute(configuration).Create(parameters),
            parameters =>
            {
                var attribute = (AdamFamilyAttribute)Attribute(configuration);
                attribute.OnePass = true;
                var optimizer = attribute.Create(parameters);
                Assert.True(((FusedAdamFamily)optimizer).OnePass);
                return optimizer;
            });
    }

    [Fact]
    public void OnePass_with_no_decay_on_biases_and_norms_matches_TorchSharp_parameter_groups()
    {
        Compare(
            parameters => WithNoDecay(new AdamWAttribute(1e-2) { WeightDecay = 0.1 }).Create(parameters),
            parameters => new FusedAdamW(parameters, 1e-2, weightDecay: 0.1, noDecay: ParameterGroup.IsBiasOrNorm, onePass: true));
    }

    [Fact]
    public void FusedAdamW_matches_torch_optim_AdamW_at_a_constant_rate()
    {
        Compare(
            parameters => optim.AdamW(parameters, 3e-3, 0.9, 0.999, 1e-8, weight_decay: 0.01),
            parameters => new FusedAdamW(parameters, 3e-3, weightDecay: 0.01),
            schedule: false);
    }

    [Fact]
    public void No_decay_on_biases_and_norms_matches_TorchSharp_parameter_groups()
    {
        static AdamW.ParamGroup[] AdamWGroups(IEnumerable<Parameter> parameters)
        {
            var all = parameters.ToList();
            return new[]
            {
                new AdamW.ParamGroup(all.Where(p => p.dim() > 1), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.1),
                new AdamW.ParamGroup(all.Where(p => p.dim() <= 1), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0),
            };
        }

        Compare(
            parameters => optim.AdamW(AdamWGroups(parameters), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.1),
            parameters => new FusedAdamW(parameters, 1e-2, weightDecay: 0.1, noDecay: ParameterGroup.IsBiasOrNorm));

        static SGD.ParamGroup[] SgdGroups(IEnumerable<Parameter> parameters)
        {
            var all = parameters.ToList();
            return new[]
            {
                new SGD.ParamGroup(all.Where(p => p.dim() > 1), 0.05, momentum: 0.9, weight_decay: 0.05),
                new SGD.ParamGroup(all.Where(p => p.dim() <= 1), 0.05, momentum: 0.9, weight_decay: 0),
            };
        }

        Compare(
            parameters => optim.SGD(SgdGroups(parameters), 0.05, momentum: 0.9, weight_decay: 0.05),
            parameters => new FusedSgd(parameters, 0.05, momentum: 0.9, weightDecay: 0.05, noDecay: ParameterGroup.IsBiasOrNorm));
    }

    [Theory]
    [InlineData("AdamW")]
    [InlineData("Adam L2")]
    [InlineData("SGD nesterov L2")]
    public void NoDecayOnBiasAndNorm_fused_matches_it_unfused(string configuration)
    {
        Compare(
            parameters => WithNoDecay(Attribute(configuration)).Create(parameters),
            parameters => WithFused(WithNoDecay(Attribute(configuration))).Create(parameters));
    }

    [Fact]
    public void Per_group_learning_rates_match_TorchSharp()
    {
        Compare(
            parameters =>
            {
                var all = parameters.ToList();
                return optim.Adam(new[]
                {
                    new Adam.ParamGroup(all.Take(3), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.01),
                    new Adam.ParamGroup(all.Skip(3), 3e-3, 0.9, 0.999, 1e-8, weight_decay: 0),
                }, 1e-2);
            },
            parameters =>
            {
                var all = parameters.ToList();
                return new FusedAdam(new[] { new ParameterGroup(all.Take(3), weightDecay: 0.01), new ParameterGroup(all.Skip(3), 3e-3, 0) }, 1e-2);
            });
    }

    private static OptimizerAttribute WithFused(OptimizerAttribute attribute)
    {
        attribute.Fused = true;
        return attribute;
    }

    private static OptimizerAttribute WithNoDecay(OptimizerAttribute attribute)
    {
        attribute.NoDecayOnBiasAndNorm = true;
        return attribute;
    }
}
