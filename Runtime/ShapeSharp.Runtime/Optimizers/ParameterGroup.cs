using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// Parameters that share a learning rate and weight decay (null: the optimizer's own). The fused
/// optimizers take these where TorchSharp's take their per-optimizer ParamGroup types.
/// </summary>
public sealed class ParameterGroup
{
    public ParameterGroup(IEnumerable<Parameter> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    public double? LearningRate { get; }

    public double? WeightDecay { get; }

    /// <summary>Biases and normalization weights: the parameters of rank 0 or 1.</summary>
    public static bool IsBiasOrNorm(Parameter parameter) => parameter.dim() <= 1;

    /// <summary>
    /// Two groups in the order given: the parameters <paramref name="noDecay"/> rejects (decayed as the
    /// optimizer says), then those it accepts (weight decay 0).
    /// </summary>
    public static IReadOnlyList<ParameterGroup> SplitDecay(IEnumerable<Parameter> parameters, Func<Parameter, bool> noDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(noDecay);
        var all = parameters.ToList();
        return new[]
        {
            new ParameterGroup(all.Where(p => !noDecay(p))),
            new ParameterGroup(all.Where(noDecay), weightDecay: 0),
        };
    }
}
