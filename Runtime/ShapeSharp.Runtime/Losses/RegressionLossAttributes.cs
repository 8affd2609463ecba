using System;
using TorchSharp;

namespace ShapeSharp;

/// <summary>Mean squared error: PyTorch's nn.MSELoss.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MSELossAttribute : LossAttribute
{
    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create() =>
        (output, target) => torch.nn.functional.mse_loss(output, target);
}

/// <summary>Mean absolute error: PyTorch's nn.L1Loss.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class L1LossAttribute : LossAttribute
{
    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create() =>
        (output, target) => torch.nn.functional.l1_loss(output, target);
}

/// <summary>Huber-like loss, quadratic below <see cref="Beta"/>: PyTorch's nn.SmoothL1Loss.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SmoothL1LossAttribute : LossAttribute
{
    public SmoothL1LossAttribute() { }

    public SmoothL1LossAttribute(double beta) => Beta = beta;

    /// <summary>Where the loss switches from quadratic to linear.</summary>
    public double Beta { get; set; } = 1.0;

    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create()
    {
        var beta = Beta;
        if (beta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Beta), beta, "Beta must be non-negative.");
        }

        return (output, target) => torch.nn.functional.smooth_l1_loss(output, target, beta: beta);
    }
}
