using System;
using System.Collections.Generic;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>AdamW (decoupled weight decay) over flat buffers; the same results as torch.optim.AdamW.</summary>
public sealed class FusedAdamW : FusedAdamFamily
{
    /// <param name="noDecay">Parameters to exclude from weight decay, e.g. <see cref="ParameterGroup.IsBiasOrNorm"/>; null decays all, as TorchSharp does.</param>
    /// <param name="onePass">libtorch's one-pass kernel (<see cref="FusedAdamFamily.OnePass"/>): faster, equal to float rounding.</param>
    public FusedAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, Func<Parameter, bool>? noDecay = null, bool onePass = false)
        : this(Groups.Of(parameters, noDecay), lr, beta1, beta2, eps, weightDecay, amsgrad, onePass)
    {
    }

    public FusedAdamW(IEnumerable<ParameterGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool onePass = false)
        : base(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true, onePass)
    {
    }
}
