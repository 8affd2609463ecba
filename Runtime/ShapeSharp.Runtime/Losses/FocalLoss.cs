using System;
using TorchSharp;
using static ShapeSharp.HeldScalars;

namespace ShapeSharp.Losses;

/// <summary>
/// Focal loss (Lin et al., 2017): cross-entropy scaled by <c>(1 - p_t)^gamma</c> so easy examples
/// count less. Two forms, chosen by the target:
/// <list type="bullet">
/// <item>class-index targets (integer, <c>[N]</c> / <c>[N, d...]</c>) with logits <c>[N, C, d...]</c>:
/// softmax focal loss <c>-w[y] (1 - p_y)^gamma log p_y</c>, reduced like PyTorch's weighted
/// cross-entropy (sum of w[y] l / sum of w[y]); with gamma 0 it equals cross-entropy.</item>
/// <item>floating targets of the output's shape: sigmoid focal loss as in torchvision's
/// <c>sigmoid_focal_loss</c> (RetinaNet), mean over all elements.</item>
/// </list>
/// </summary>
public sealed class FocalLoss
{
    public FocalLoss(double gamma = 2.0, double alpha = -1.0, double[]? weights = null, long ignoreIndex = -100)
    {
        if (gamma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be non-negative.");
        }

        Gamma = gamma;
        Alpha = alpha;
        Weights = weights;
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>Focusing exponent; 0 turns focal loss into (weighted) cross-entropy.</summary>
    public double Gamma { get; }

    /// <summary>
    /// Negative: off. Sigmoid form: weight of positives (negatives get 1 - Alpha; RetinaNet uses 0.25).
    /// Softmax form: a constant factor on the loss.
    /// </summary>
    public double Alpha { get; }

    /// <summary>Per-class weights for the softmax form (length C); null for none.</summary>
    public double[]? Weights { get; }

    /// <summary>Softmax form only: targets with this class index contribute nothing.</summary>
    public long IgnoreIndex { get; }

    public torch.Tensor forward(torch.Tensor output, torch.Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var loss = target.is_floating_point() ? Sigmoid(output, target) : Softmax(output, target);
        return loss.MoveToOuterDisposeScope();
    }

    private torch.Tensor Softmax(torch.Tensor output, torch.Tensor target)
    {
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var gamma = Gamma.ToScalar();
        using var alpha = Alpha.ToScalar();
        var logp = torch.nn.functional.log_softmax(output, 1);
        var perClass = Gamma == 0
            ? logp.neg()
            : Minus(One, logp.exp()).pow(gamma) * logp.neg();
        var weight = ClassWeights.ToTensor(Weights, output);
        var loss = ClassWeights.WeightedMean(perClass, target, weight, IgnoreIndex);
        return Alpha >= 0 ? loss.mul(alpha) : loss;
    }

    private torch.Tensor Sigmoid(torch.Tensor output, torch.Tensor target)
    {
        if (!output.shape.AsSpan().SequenceEqual(target.shape))
        {
            throw new ArgumentException(
                $"Sigmoid focal loss needs a target of the output's shape [{string.Join(", ", output.shape)}]; got [{string.Join(", ", target.shape)}]. Use integer class indices for the softmax form.");
        }

        var p = output.sigmoid();
        var ce = torch.nn.functional.binary_cross_entropy_with_logits(output, target, reduction: torch.nn.Reduction.None);
        var pt = (p * target).add(Minus(One, p) * Minus(One, target), One);
        using var gamma = Gamma.ToScalar();
        var loss = ce * Minus(One, pt).pow(gamma);
        if (Alpha >= 0)
        {
            using var alpha = Alpha.ToScalar();
            using var negativeAlpha = (1 - Alpha).ToScalar();
            loss = loss * target.mul(alpha).add(Minus(One, target).mul(negativeAlpha), One);
        }

        return loss.mean();
    }
}
