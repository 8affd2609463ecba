using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// Lays parameters out in one contiguous buffer per dtype and device. Each parameter's storage
/// becomes a view of its buffer (<c>Tensor.set_</c>, so modules, state dicts and checkpoints keep
/// working on the same Parameter objects), so an optimizer updates a whole buffer with one op per
/// term of its formula. Gradients stay autograd's own (a fresh tensor from each backward, dropped by
/// zero_grad as PyTorch's <c>set_to_none</c> does) and are gathered into one tensor per buffer at the
/// step: had they been views of a gradient buffer, autograd would add each into its view, one more
/// kernel per parameter per backward (54 of GPT-mini's 266 a step on CUDA).
/// Within a buffer parameters are ordered by group, so every group is one contiguous segment.
/// </summary>
internal sealed class FlatParameters : IDisposable
{
    private readonly List<FlatBuffer> _buffers = new();
    private readonly List<List<Entry>> _members = new();  // each buffer's parameters, in its order
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
    public IEnumerable<(Parameter Parameter, int Buffer)> Parameters =>
        _members.SelectMany((members, buffer) => members.Select(e => (e.Parameter, buffer)));

    /// <summary>
    /// Sets each buffer's <see cref="FlatBuffer.Grad"/> to its parameters' gradients, laid out as the
    /// buffer is (a missing gradient counts as zero), for one step; <see cref="ReleaseGradients"/> ends it.
    /// On a GPU one cat per buffer (one kernel, into memory the caching allocator hands back); on the
    /// CPU a copy per parameter into a buffer kept across steps, where a fresh buffer-sized tensor each
    /// step would cost fresh pages.
    /// </summary>
    public void GatherGradients()
    {
        for (var i = 0; i < _buffers.Count; i++)
        {
            var buffer = _buffers[i];
            var members = _members[i];
            if (buffer.Data.device_type == DeviceType.CPU)
            {
                buffer.UseGradients(buffer.GradientStore);
                foreach (var entry in members)
                {
                    using var grad = entry.Parameter.grad;
                    using var view = buffer.GradientStore.narrow(0, entry.Offset, entry.Length).view(entry.Parameter.shape);
                    _ = grad is null ? view.zero_() : view.copy_(grad);
                }
            }
            else
            {
                var pieces = members.Select(e => e.Parameter.grad is { } grad
                    ? (grad.is_sparse ? grad.to_dense() : grad).reshape(-1)
                    : torch.zeros(e.Length, buffer.Data.dtype, buffer.Data.device)).ToList();
                buffer.UseGradients(torch.cat(pieces, 0));
            }
        }
    }

    /// <summary>Ends a step's use of the gathered gradients (a GPU's were the step's own tensors).</summary>
    public void ReleaseGradients()
    {
        foreach (var buffer in _buffers)
        {
            buffer.UseGradients(null);
        }
    }

    /// <summary>Drops every gradient (<c>.grad</c> = null, PyTorch's <c>zero_grad(set_to_none=True)</c>): the next backward makes fresh ones, no zeroing or in-place adds.</summary>
    public void ZeroGradients()
    {
        foreach (var entry in _members.SelectMany(m => m))
        {
            entry.Parameter.grad = null;
        }
    }

    public void Dispose()
    {
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
        var segments = new List<FlatSegment>();
        var entries = new List<Entry>();
        long offset = 0;
        foreach (var (p, group) in members)
        {
            var n = p.numel();
            var view = data.narrow(0, offset, n).view(p.shape);
            view.copy_(p);
            // A gradient computed before the optimizer existed stays on the parameter and counts at the first step.
            p.set_(view);
            entries.Add(new Entry(p, offset, n));
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

        _buffers.Add(new FlatBuffer(first, data, segments));
        _members.Add(entries);
    }

    private static void CheckDType(Parameter p)
    {
        if (p.dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
        {
            throw new NotSupportedException($"The fused optimizers take float32 and float64 parameters, not {Describe(p)}.");
        }
    }

    private static string Describe(Parameter p) => $"{p.dtype} [{string.Join(", ", p.shape)}]";

    private sealed record Entry(Parameter Parameter, long Offset, long Length);
}
