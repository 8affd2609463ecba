using System;
using ShapeSharp.Losses;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Negative log-likelihood on log-probabilities <c>[N, C, ...]</c> (after LogSoftmax) with class-index
/// targets: PyTorch's nn.NLLLoss, including its weighted mean over non-ignored targets.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NLLLossAttribute : LossAttribute
{
    /// <summary>Per-class weights (length C); null for none.</summary>
    public double[]? Weights { get; set; }

    /// <summary>Targets with this class index contribute nothing (PyTorch's default -100).</summary>
    public long IgnoreIndex { get; set; } = -100;

    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create()
    {
        var weights = Weights;
        var ignore = IgnoreIndex;

        // TorchSharp's nll_loss has no ignore_index; the masked gather is PyTorch's own definition.
        return (output, target) =>
        {
            using var scope = torch.NewDisposeScope();
            var weight = ClassWeights.ToTensor(weights, output);
            var loss = ClassWeights.WeightedMean(output.neg(), target, weight, ignore);
            return loss.MoveToOuterDisposeScope();
        };
    }
}
