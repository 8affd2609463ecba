using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Metrics;

/// <summary>
/// Turns one batch of model output and target into predicted and true class indices on the CPU,
/// so metrics can count in managed memory and drop every tensor before returning.
/// </summary>
/// <remarks>
/// Output layouts: <c>[N, C]</c> (or <c>[N, C, d...]</c>) logits or probabilities with C &gt; 1 take
/// the argmax over dim 1; <c>[N]</c> or <c>[N, 1]</c> scores are binary and compared with a threshold.
/// Targets are class indices (<c>[N]</c>, <c>[N, d...]</c>), or one-hot / soft labels with the
/// output's shape (argmax over dim 1; what label smoothing or mixup produce).
/// </remarks>
internal static class ClassPredictions
{
    /// <param name="Classes">Columns of the output (2 for binary scores).</param>
    internal readonly record struct Result(long[] Predicted, long[] Actual, int Classes);

    internal static Result Extract(Tensor output, Tensor target, double threshold, bool fromLogits)
    {
        using var scope = NewDisposeScope();
        var (predicted, actual, classes) = Tensors(output, target, threshold, fromLogits);
        return new Result(ToArray(predicted), ToArray(actual), classes);
    }

    /// <summary>
    /// The predicted and true class indices as int64 tensors [N] where the output is (for counting on
    /// the device); they belong to the caller's dispose scope.
    /// </summary>
    internal static (Tensor Predicted, Tensor Actual, int Classes) Tensors(Tensor output, Tensor target, double threshold, bool fromLogits)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        using var noGrad = no_grad();

        var outShape = output.shape;
        if (outShape.Length == 0)
            throw new ArgumentException("Metric output is a scalar; expected [N, C] logits or [N] scores.", nameof(output));

        bool binary = outShape.Length == 1 || (outShape.Length == 2 && outShape[1] == 1);
        Tensor predicted, actual;
        int classes;
        if (binary)
        {
            var scores = output.detach().reshape(-1);
            if (fromLogits) scores = scores.sigmoid();
            // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
            using var cut = threshold.ToScalar();
            predicted = scores.ge(cut).to_type(ScalarType.Int64);
            actual = BinaryTarget(target, output.shape[0]);
            classes = 2;
        }
        else
        {
            if (outShape[1] > int.MaxValue)
                throw new ArgumentException($"Metric output has {outShape[1]} classes.", nameof(output));
            classes = (int)outShape[1];
            predicted = output.detach().argmax(1).reshape(-1);
            actual = SameShape(target.shape, outShape) && target.is_floating_point()
                ? target.detach().argmax(1).reshape(-1)
                : target.detach().reshape(-1).to_type(ScalarType.Int64);
        }

        if (predicted.shape[0] != actual.shape[0])
            throw new ArgumentException(
                $"Metric output {ShapeText(outShape)} gives {predicted.shape[0]} predictions but target " +
                $"{ShapeText(target.shape)} gives {actual.shape[0]} labels.", nameof(target));

        return (predicted, actual.to(predicted.device), classes);
    }

    private static Tensor BinaryTarget(Tensor target, long n)
    {
        var flat = target.detach().reshape(-1);
        if (flat.shape[0] != n)
            throw new ArgumentException(
                $"Binary metric expects one target per score ({n}); target {ShapeText(target.shape)} has {flat.shape[0]}.",
                nameof(target));
        // Float targets (BCE's 0.0/1.0, possibly smoothed to 0.05/0.95) are read as "is positive".
        return flat.is_floating_point() ? flat.ge(HeldScalars.Half).to_type(ScalarType.Int64) : flat.to_type(ScalarType.Int64);
    }

    private static long[] ToArray(Tensor t) =>
        t.device_type == DeviceType.CPU ? t.contiguous().data<long>().ToArray() : t.cpu().data<long>().ToArray();

    private static bool SameShape(long[] a, long[] b) => a.AsSpan().SequenceEqual(b);

    internal static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
