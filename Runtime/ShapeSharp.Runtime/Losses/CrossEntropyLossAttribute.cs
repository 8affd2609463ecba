using System;
using ShapeSharp.Losses;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Softmax cross-entropy on logits <c>[N, C]</c> or <c>[N, C, d1, ...]</c> with class-index targets
/// (int64) or class-probability targets (same shape as the output): PyTorch's nn.CrossEntropyLoss.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CrossEntropyLossAttribute : LossAttribute
{
    /// <summary>Mixes the one-hot target with the uniform distribution: (1 - e) * onehot + e / C.</summary>
    public double LabelSmoothing { get; set; }

    /// <summary>Per-class weights (length C); null for none.</summary>
    public double[]? Weights { get; set; }

    /// <summary>Targets with this class index contribute nothing (PyTorch's default -100).</summary>
    public long IgnoreIndex { get; set; } = -100;

    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create()
    {
        var smoothing = LabelSmoothing;
        var weights = Weights;
        var ignore = IgnoreIndex;
        if (smoothing < 0 || smoothing > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), smoothing, "Label smoothing must be in [0, 1].");
        }

        return (output, target) =>
        {
            using var weight = ClassWeights.ToTensor(weights, output);
            return torch.nn.functional.cross_entropy(output, target, weight, ignore, torch.nn.Reduction.Mean, smoothing);
        };
    }
}
