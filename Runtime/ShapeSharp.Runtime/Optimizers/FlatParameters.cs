using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// Lays parameters out in one contiguous buffer per dtype and device. Each parameter's storage
/// becomes a view of its buffer (<c>Tensor.set_</c>, so modules, state dicts and checkpoints keep
/// working on the same Parameter objects), and each parameter's <c>.grad</c> a view of a second
/// buffer: autograd adds into an existing <c>.grad</c> in place, so backward fills the gradient
/// buffer directly and an optimizer updates a whole buffer with one op per term of its formula.
/// Within a buffer parameters are ordered by group, so every group is one contiguous segment.
/// </summary>
internal sealed class FlatParameters : IDisposable
{
    private readonly List<Entry> _entries = new();
    private readonly List<FlatBuffer> _buffers = new();
    private readonly List<Parameter>[] _groups;

    /// <param name="groups">The parameters of each group. Frozen ones (requires_grad false) are left
    /// out: they never get a gradient, so TorchSharp's optimizers never move them either.</param>
    public FlatParameters(IReadOnlyList<IReadOnlyList<Parameter>> groups)
    {
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        var members = new List<(Parameter Parameter, int Group)>();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var p in groups[g])
            {
                if (!seen.Add(p))
                {
                    throw new ArgumentException($"A parameter ({Describe(p)}) appears twice in the optimizer's groups.", nameof(groups));
                }

                if (p.requires_grad)
                {
                    CheckDType(p);
                    members.Add((p, g));
                }
            }
        }

        _groups = Enumerable.Range(0, groups.Count).Select(_ => new List<Parameter>()).ToArray();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var same in members.GroupBy(m => (m.Parameter.dtype, m.Parameter.device_type, m.Parameter.device_index)))
        {
            Flatten(same.OrderBy(m => m.Group).ToList());
        }
    }

    public IReadOnlyList<FlatBuffer> Buffers => _buffers;

    /// <summary>The flattened parameters of group <paramref name="group"/>, in the order given.</summary>
    public IReadOnlyList<Parameter> Group(int group) => _groups[group];

    /// <summary>Every flattened parameter with the index of its buffer.</summary>
    public IEnumerable<(Parameter Parameter, int Buffer)> Parameters => _entries.Select(e => (e.Parameter, e.Buffer));

    /// <summary>
    /// Makes every <c>.grad</c> a view of the gradient buffer again where something replaced it
    /// (<c>Module.zero_grad()</c> sets gradients to null, so the next backward makes fresh ones):
    /// a fresh gradient is copied into the buffer, a missing one counts as zero. One check per
    /// parameter, no tensor work when nothing changed.
    /// </summary>
    public void SyncGradients()
    {
        foreach (var entry in _entries)
        {
            using var grad = entry.Parameter.grad;
            if (grad is null)
            {
                entry.Grad.zero_();
                entry.Parameter.grad = entry.Grad;
            }
            else if (!SameMemory(grad, entry.Grad))
            {
                entry.Grad.copy_(grad);
                entry.Parameter.grad = entry.Grad;
            }
        }
    }

    /// <summary>One zero_ per buffer; every <c>.grad</c> is pointed at its view again (cheap, and a
    /// replaced gradient would otherwise keep accumulating outside the buffer).</summary>
    public void ZeroGradients()
    {
        using var noGrad = torch.no_grad();
        foreach (var buffer in _buffers)
        {
            buffer.Grad.zero_();
        }

        foreach (var entry in _entries)
        {
            entry.Parameter.grad = entry.Grad;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Grad.Dispose();
        }

        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }
    }

    private void Flatten(List<(Parameter Parameter, int Group)> members)
    {
        var first = members[0].Parameter;
        var total = members.Sum(m => m.Parameter.numel());
        var data = torch.empty(total, first.dtype, first.device).DetachFromDisposeScope();
        var grad = torch.zeros(total, first.dtype, first.device).DetachFromDisposeScope();
        var segments = new List<FlatSegment>();
        long offset = 0;
        foreach (var (p, group) in members)
        {
            var n = p.numel();
            var view = data.narrow(0, offset, n).view(p.shape);
            view.copy_(p);
            p.set_(view);
            var gradView = grad.narrow(0, offset, n).view(p.shape).DetachFromDisposeScope();
            using (var existing = p.grad)
            {
                if (existing is not null)
                {
                    gradView.copy_(existing);  // a gradient computed before the optimizer existed still counts
                }
            }

            p.grad = gradView;
            _entries.Add(new Entry(p, gradView, _buffers.Count));
            _groups[group].Add(p);
            if (segments.Count > 0 && segments[^1].Group == group)
            {
                segments[^1] = segments[^1] with { Length = segments[^1].Length + n };
            }
            else
            {
                segments.Add(new FlatSegment(group, offset, n));
            }

            offset += n;
        }

        _buffers.Add(new FlatBuffer(first, data, grad, segments));
    }

    private static void CheckDType(Parameter p)
    {
        if (p.dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
        {
            throw new NotSupportedException($"The fused optimizers take float32 and float64 parameters, not {Describe(p)}.");
        }
    }

    private static string Describe(Parameter p) => $"{p.dtype} [{string.Join(", ", p.shape)}]";

    /// <summary>Whether two tensors start at the same element of the same storage.</summary>
    private static bool SameMemory(torch.Tensor a, torch.Tensor b) =>
        a.dtype == b.dtype && a.storage_offset() == b.storage_offset() && DataPointer(a) == DataPointer(b);

    // storage<T>() converts to T first, so T must be the tensor's own type to see its memory.
    private static IntPtr DataPointer(torch.Tensor t)
    {
        if (t.dtype == torch.ScalarType.Float32)
        {
            using var storage = t.storage<float>();
            return storage.data_ptr();
        }

        using var doubles = t.storage<double>();
        return doubles.data_ptr();
    }

    private sealed record Entry(Parameter Parameter, torch.Tensor Grad, int Buffer);
}
