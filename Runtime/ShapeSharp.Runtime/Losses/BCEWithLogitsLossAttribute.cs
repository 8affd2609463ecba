using System;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Sigmoid + binary cross-entropy on logits, targets in [0, 1] of the output's shape and dtype:
/// PyTorch's nn.BCEWithLogitsLoss.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BCEWithLogitsLossAttribute : LossAttribute
{
    /// <summary>Weight of the positive term (n_negative / n_positive for imbalanced data); 1 is neutral.</summary>
    public double PosWeight { get; set; } = 1.0;

    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create()
    {
        var posWeight = PosWeight;
        if (posWeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PosWeight), posWeight, "PosWeight must be positive.");
        }

        return (output, target) =>
        {
            if (posWeight == 1.0)
            {
                return torch.nn.functional.binary_cross_entropy_with_logits(output, target);
            }

            using var pw = torch.tensor(posWeight, dtype: output.dtype, device: output.device);
            return torch.nn.functional.binary_cross_entropy_with_logits(output, target, pos_weights: pw);
        };
    }
}
