using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>A group's range in a flat buffer.</summary>
internal readonly record struct FlatSegment(int Group, long Offset, long Length);

/// <summary>One dtype/device's parameters as a single 1-D tensor, and during a step their gradients as another.</summary>
internal sealed class FlatBuffer : IDisposable
{
    private torch.Tensor? _scratch;
    private torch.Tensor? _gradientStore;
    private torch.Tensor? _grad;

    public FlatBuffer(Parameter first, torch.Tensor data, IReadOnlyList<FlatSegment> segments)
    {
        First = first;
        Data = data;
        Segments = segments;
    }

    public Parameter First { get; }

    public torch.Tensor Data { get; }

    /// <summary>The gradients laid out as <see cref="Data"/>, set by FlatParameters.GatherGradients for the length of a step.</summary>
    public torch.Tensor Grad => _grad ?? throw new InvalidOperationException("The gradients are gathered only during an optimizer step.");

    /// <summary>Sets <see cref="Grad"/> for a step, or clears it after.</summary>
    public void UseGradients(torch.Tensor? grad) => _grad = grad;

    public IReadOnlyList<FlatSegment> Segments { get; }

    public long Length => Data.shape[0];

    /// <summary>A work buffer of the same size, reused every step: allocating a large temporary each
    /// step costs more than the arithmetic (fresh pages), and is most of what the per-parameter
    /// optimizers spend on big tensors.</summary>
    public torch.Tensor Scratch => _scratch ??= torch.empty_like(Data).DetachFromDisposeScope();

    /// <summary>Where the CPU gathers gradients, kept across steps (see <see cref="Scratch"/>).</summary>
    public torch.Tensor GradientStore => _gradientStore ??= torch.empty_like(Data).DetachFromDisposeScope();

    /// <summary>A zeroed tensor of the buffer's size, dtype and device (optimizer state).</summary>
    public torch.Tensor NewState() => torch.zeros_like(Data).DetachFromDisposeScope();

    /// <summary>
    /// Ranges of consecutive segments whose groups agree on <paramref name="key"/>: when every group
    /// has the same learning rate (the usual case), a step is one op over the whole buffer.
    /// </summary>
    public IEnumerable<(long Offset, long Length, double Key)> Runs(Func<int, double> key)
    {
        var runs = new List<(long Offset, long Length, double Key)>();
        foreach (var segment in Segments)
        {
            var value = key(segment.Group);
            if (runs.Count > 0 && runs[^1].Key.Equals(value))
            {
                runs[^1] = (runs[^1].Offset, runs[^1].Length + segment.Length, value);
            }
            else
            {
                runs.Add((segment.Offset, segment.Length, value));
            }
        }

        return runs;
    }

    /// <summary><paramref name="whole"/> (a buffer-sized tensor) itself, or its range.</summary>
    public torch.Tensor Slice(torch.Tensor whole, long offset, long length) =>
        offset == 0 && length == Length ? whole : whole.narrow(0, offset, length);

    public void Dispose()
    {
        Data.Dispose();
        _gradientStore?.Dispose();
        _scratch?.Dispose();
    }
}
