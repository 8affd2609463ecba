using System;
using ShapeSharp.Losses;
using TorchSharp;

namespace ShapeSharp;

/// <summary>Focal loss; see <see cref="FocalLoss"/> for the two forms and what Alpha means in each.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FocalLossAttribute : LossAttribute
{
    public FocalLossAttribute() { }

    public FocalLossAttribute(double gamma) => Gamma = gamma;

    public double Gamma { get; set; } = 2.0;

    /// <summary>Negative (default): off. Sigmoid form: positives' weight (RetinaNet: 0.25). Softmax form: a factor.</summary>
    public double Alpha { get; set; } = -1.0;

    /// <summary>Per-class weights for the softmax form (length C); null for none.</summary>
    public double[]? Weights { get; set; }

    public long IgnoreIndex { get; set; } = -100;

    public override Func<torch.Tensor, torch.Tensor, torch.Tensor> Create() =>
        new FocalLoss(Gamma, Alpha, Weights, IgnoreIndex).forward;
}
