using System.Collections.Generic;
using TorchSharp;

namespace ShapeSharp.Data;

/// <summary>One mini-batch: the model's input and the training target.</summary>
public readonly record struct Batch(torch.Tensor Input, torch.Tensor Target);

/// <summary>
/// A re-iterable source of batches: each enumeration is one epoch (a shuffling source reshuffles
/// per enumeration). The trainer disposes nothing it did not create, so sources own their tensors.
/// </summary>
public interface IBatchSource : IEnumerable<Batch>
{
    /// <summary>Batches per epoch (what a progress bar counts to).</summary>
    int BatchCount { get; }

    /// <summary>Samples per epoch.</summary>
    long SampleCount { get; }

    /// <summary>
    /// Called by the trainer before each epoch (1-based), like PyTorch's sampler.set_epoch: a
    /// shuffling source derives that epoch's order from its seed and the epoch, so a resumed run
    /// sees the same batches as an uninterrupted one.
    /// </summary>
    void SetEpoch(int epoch) { }
}
