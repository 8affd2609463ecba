using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>torch.optim.AdamW: Adam with decoupled weight decay (default 0.01, as in PyTorch).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamWAttribute : AdamFamilyAttribute
{
    public AdamWAttribute() => WeightDecay = 0.01;

    public AdamWAttribute(double learningRate) : this() => LearningRate = learningRate;

    protected override torch.optim.Optimizer CreateCore(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) =>
        torch.optim.AdamW(parameters, learningRate, Beta1, Beta2, Eps, weightDecay, AmsGrad);
}
