using System;
using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>
/// One attention layer's keys and values from earlier positions, for generation one token at a
/// time: each step appends its keys and values [B, heads, new, D] along the position dim (2) and
/// attends to everything so far, so earlier positions are never recomputed.
/// </summary>
/// <remarks>
/// The cached tensors belong to the cache, not to the caller's dispose scope, so a scope per
/// generated token frees that step's temporaries without freeing the cache; dispose the cache
/// when the generation is done.
/// </remarks>
public sealed class KeyValueCache : IDisposable
{
    private torch.Tensor? _keys;
    private torch.Tensor? _values;

    /// <summary>Positions held so far.</summary>
    public long Length => _keys is null ? 0 : _keys.shape[2];

    /// <summary>Adds the new positions' keys and values and returns all of them (earlier first).</summary>
    public (torch.Tensor Keys, torch.Tensor Values) Append(torch.Tensor keys, torch.Tensor values)
    {
        if (keys.dim() != 4 || values.dim() != 4)
        {
            throw new ArgumentException($"KeyValueCache: keys and values must be [B, heads, positions, D], but got {Format(keys)} and {Format(values)}.");
        }

        var allKeys = _keys is null ? keys.detach().clone() : torch.cat(new[] { _keys, keys }, 2);
        var allValues = _values is null ? values.detach().clone() : torch.cat(new[] { _values, values }, 2);
        _keys?.Dispose();
        _values?.Dispose();
        _keys = allKeys.DetachFromDisposeScope();
        _values = allValues.DetachFromDisposeScope();
        return (_keys, _values);
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
        _keys = _values = null;
    }

    private static string Format(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
