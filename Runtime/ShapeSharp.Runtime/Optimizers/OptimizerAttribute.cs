using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>
/// Base of the optimizer attributes (DSL word and run-time configuration in one). Creates one of
/// TorchSharp's own optimizers over the model's parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class OptimizerAttribute : Attribute
{
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>L2 penalty (SGD, Adam) or decoupled weight decay (AdamW).</summary>
    public virtual double WeightDecay { get; set; }

    /// <summary>
    /// Creates the optimizer. <paramref name="learningRate"/> and <paramref name="weightDecay"/>, when
    /// given, replace this attribute's numbers (run-time overrides from TrainOptions).
    /// </summary>
    public torch.optim.Optimizer Create(IEnumerable<Parameter> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var lr = learningRate ?? LearningRate;
        var wd = weightDecay ?? WeightDecay;
        if (!(lr >= 0) || double.IsInfinity(lr))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), lr, "The learning rate must be a finite non-negative number.");
        }

        if (!(wd >= 0) || double.IsInfinity(wd))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), wd, "Weight decay must be a finite non-negative number.");
        }

        return CreateCore(parameters, lr, wd);
    }

    protected abstract torch.optim.Optimizer CreateCore(IEnumerable<Parameter> parameters, double learningRate, double weightDecay);
}
