using TorchSharp;

namespace ShapeSharp.Metrics;

/// <summary>
/// A streaming metric: fed batch by batch during an epoch, read once at its end.
/// Keeps its state on the CPU in managed memory so it never holds tensors across steps.
/// </summary>
public interface IMetric
{
    /// <summary>Name used in history columns and progress bars ("accuracy", "f1_macro").</summary>
    string Name { get; }

    /// <summary>Adds one batch: model output (logits or scores) and target.</summary>
    void Update(torch.Tensor output, torch.Tensor target);

    /// <summary>The value over everything seen since the last <see cref="Reset"/>.</summary>
    double Compute();

    void Reset();
}
