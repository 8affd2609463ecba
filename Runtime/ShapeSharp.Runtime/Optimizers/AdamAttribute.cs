using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>torch.optim.Adam; WeightDecay is an L2 penalty added to the gradient.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamAttribute : AdamFamilyAttribute
{
    public AdamAttribute() { }

    public AdamAttribute(double learningRate) => LearningRate = learningRate;

    protected override torch.optim.Optimizer CreateCore(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) =>
        torch.optim.Adam(parameters, learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad);
}
