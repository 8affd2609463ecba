using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>torch.optim.Adam; WeightDecay is an L2 penalty added to the gradient.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamAttribute : AdamFamilyAttribute
{
    public AdamAttribute() { }

    public AdamAttribute(double learningRate) => LearningRate = learningRate;

    protected override torch.optim.Optimizer CreateCore(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay) => Fused || OnePass
        ? new FusedAdam(groups, learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad, OnePass)
        : torch.optim.Adam(
            groups.Select(g => new Adam.ParamGroup(g.Parameters, g.LearningRate ?? learningRate, Beta1, Beta2, Eps, g.WeightDecay ?? weightDecay, AmsGrad)),
            learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad);
}
