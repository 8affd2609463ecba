using System;
using TorchSharp;

namespace ShapeSharp.Data;

/// <summary>Inputs and targets held as two tensors with the same first dim (one row per sample).</summary>
public sealed class TensorDataset : IDisposable
{
    public TensorDataset(torch.Tensor inputs, torch.Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.shape[0] != targets.shape[0])
        {
            throw new ArgumentException(
                $"Inputs [{string.Join(", ", inputs.shape)}] and targets [{string.Join(", ", targets.shape)}] must have the same first dim (one row per sample).");
        }

        Inputs = inputs;
        Targets = targets;
    }

    public torch.Tensor Inputs { get; }

    public torch.Tensor Targets { get; }

    public long Count => Inputs.shape[0];

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
