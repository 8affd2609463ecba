using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>torch.optim.SGD. The learning rate defaults to 1e-3 like every optimizer here; SGD usually wants more.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SGDAttribute : OptimizerAttribute
{
    public SGDAttribute() { }

    public SGDAttribute(double learningRate) => LearningRate = learningRate;

    public double Momentum { get; set; }

    public bool Nesterov { get; set; }

    public double Dampening { get; set; }

    protected override torch.optim.Optimizer CreateCore(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay)
    {
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new InvalidOperationException("Nesterov momentum needs Momentum > 0 and Dampening = 0 (as in PyTorch).");
        }

        return Fused
            ? new FusedSgd(groups, learningRate, Momentum, Dampening, weightDecay, Nesterov)
            : torch.optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, g.LearningRate ?? learningRate, Momentum, Dampening, g.WeightDecay ?? weightDecay, Nesterov)),
                learningRate, Momentum, Dampening, weightDecay, Nesterov);
    }
}
