using System;
using System.Collections.Generic;
using ShapeSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp;

/// <summary>
/// Base of the optimizer attributes (DSL word and run-time configuration in one). Creates one of
/// TorchSharp's own optimizers over the model's parameters, or with <see cref="Fused"/> the
/// ShapeSharp.Optimizers one with the same results.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class OptimizerAttribute : Attribute
{
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>L2 penalty (SGD, Adam) or decoupled weight decay (AdamW).</summary>
    public virtual double WeightDecay { get; set; }

    /// <summary>
    /// The fused optimizer (FusedAdamW, FusedAdam, FusedSgd): parameters and gradients in one buffer
    /// per dtype and device, the whole model updated in a handful of ops; same numbers as TorchSharp's.
    /// </summary>
    public bool Fused { get; set; }

    /// <summary>
    /// No weight decay on biases and normalization weights (parameters of rank 0 or 1); by default
    /// every parameter decays, as in TorchSharp. Works with and without <see cref="Fused"/>.
    /// </summary>
    public bool NoDecayOnBiasAndNorm { get; set; }

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

        var groups = NoDecayOnBiasAndNorm
            ? ParameterGroup.SplitDecay(parameters, ParameterGroup.IsBiasOrNorm)
            : new[] { new ParameterGroup(parameters) };
        return CreateCore(groups, lr, wd);
    }

    /// <param name="groups">One group, or with <see cref="NoDecayOnBiasAndNorm"/> two (the second with weight decay 0).</param>
    protected abstract torch.optim.Optimizer CreateCore(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay);
}
