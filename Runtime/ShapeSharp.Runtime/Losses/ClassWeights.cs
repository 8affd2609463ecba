using System;
using TorchSharp;

namespace ShapeSharp.Losses;

/// <summary>Shared pieces of the class-index losses (cross-entropy, NLL, focal).</summary>
internal static class ClassWeights
{
    /// <summary>The weights as a tensor on the output's device and dtype, or null when none were given.</summary>
    public static torch.Tensor? ToTensor(double[]? weights, torch.Tensor output)
    {
        if (weights is null || weights.Length == 0)
        {
            return null;
        }

        var classes = output.dim() >= 2 ? output.shape[1] : output.shape[0];
        if (weights.Length != classes)
        {
            throw new ArgumentException(
                $"The loss has {weights.Length} class weights but the model's output has {classes} classes (dim 1 of [{string.Join(", ", output.shape)}]).");
        }

        return torch.tensor(weights, dtype: output.dtype, device: output.device);
    }

    /// <summary>
    /// PyTorch's reduction for class-index losses: <c>sum(w[y_i] * l_i) / sum(w[y_i])</c> over the
    /// samples whose target is not <paramref name="ignoreIndex"/> (a plain mean without weights).
    /// </summary>
    /// <param name="perClass">Per-sample, per-class loss terms, shaped like the output ([N, C, ...]).</param>
    public static torch.Tensor WeightedMean(torch.Tensor perClass, torch.Tensor target, torch.Tensor? weight, long ignoreIndex)
    {
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var ignore = ignoreIndex.ToScalar();
        var keep = target.ne(ignore);
        var safeTarget = target.masked_fill(keep.logical_not(), HeldScalars.Zero);
        var picked = perClass.gather(1, safeTarget.unsqueeze(1)).squeeze(1);
        var sampleWeight = weight is null
            ? keep.to_type(perClass.dtype)
            : weight.index_select(0, safeTarget.flatten()).view_as(safeTarget) * keep.to_type(perClass.dtype);
        return (picked * sampleWeight).sum() / sampleWeight.sum();
    }
}
