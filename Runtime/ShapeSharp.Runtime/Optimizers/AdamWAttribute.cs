using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>torch.optim.AdamW: Adam with decoupled weight decay (default 0.01, as in PyTorch).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamWAttribute : AdamFamilyAttribute
{
    public AdamWAttribute() => WeightDecay = 0.01;

    public AdamWAttribute(double learningRate) : this() => LearningRate = learningRate;

    protected override torch.optim.Optimizer CreateCore(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay) => Fused || OnePass
        ? new FusedAdamW(groups, learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad, OnePass)
        : torch.optim.AdamW(
            groups.Select(g => new AdamW.ParamGroup(g.Parameters, g.LearningRate ?? learningRate, Beta1, Beta2, Eps, g.WeightDecay ?? weightDecay, AmsGrad)),
            learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad);
}
