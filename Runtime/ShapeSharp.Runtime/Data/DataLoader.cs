using System;
using System.Collections;
using System.Collections.Generic;
using TorchSharp;
using DeviceType = TorchSharp.DeviceType;

namespace ShapeSharp.Data;

/// <summary>
/// Batches over a <see cref="TensorDataset"/>, optionally shuffled. The order of epoch e is a
/// permutation drawn from a generator seeded with (seed, e), so it does not depend on how many
/// epochs ran before in this process: a resumed run sees the same batches (the trainer calls
/// <see cref="SetEpoch"/>). Each batch's tensors belong to the loader and are disposed when the
/// enumeration moves on, so a long run holds one batch at a time.
/// </summary>
public sealed class DataLoader : IBatchSource
{
    private readonly TensorDataset _data;

    public DataLoader(TensorDataset data, int batchSize, bool shuffle = false, long seed = 0, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
    }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public long Seed { get; }

    public bool DropLast { get; }

    /// <summary>
    /// Yield each batch in page-locked (pinned) host memory, so copying it to a CUDA device with
    /// <c>non_blocking</c> overlaps the GPU's work (PyTorch's <c>pin_memory=True</c>). The trainer turns
    /// it on for its run when the target is CUDA. Ignored where CUDA is not available (pinning needs
    /// the CUDA driver); the batches and their order are the same either way.
    /// </summary>
    public bool PinMemory { get; set; }

    /// <summary>The epoch whose order the next enumeration uses (1-based); advanced by each enumeration.</summary>
    public int Epoch { get; set; } = 1;

    public long SampleCount => DropLast ? BatchCount * (long)BatchSize : _data.Count;

    public int BatchCount => checked((int)(DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize));

    public void SetEpoch(int epoch) => Epoch = epoch;

    public IEnumerator<Batch> GetEnumerator()
    {
        var epoch = Epoch++;
        var order = Shuffle ? Permutation(epoch) : null;
        var count = BatchCount;
        var onCpu = _data.Inputs.device_type == DeviceType.CPU;
        var pin = PinMemory && onCpu && torch.cuda.is_available();
        Batch? previous = null;
        try
        {
            for (var b = 0; b < count; b++)
            {
                Dispose(previous);
                var start = (long)b * BatchSize;
                var length = Math.Min(BatchSize, _data.Count - start);
                Batch batch;
                if (order is null)
                {
                    batch = new Batch(_data.Inputs.narrow(0, start, length), _data.Targets.narrow(0, start, length));
                }
                else
                {
                    // The order is drawn on the CPU whatever the data's device, so it is the same everywhere.
                    using var index = order.narrow(0, start, length);
                    batch = new Batch(Select(_data.Inputs, index), Select(_data.Targets, index));
                }

                if (pin)
                {
                    var pinned = new Batch(batch.Input.pin_memory(), batch.Target.pin_memory());
                    Dispose(batch);
                    batch = pinned;
                }

                previous = batch;
                yield return batch;
            }
        }
        finally
        {
            Dispose(previous);
            order?.Dispose();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Epoch <paramref name="epoch"/>'s order, from its own generator (torch's global RNG is left alone).</summary>
    public long[] Order(int epoch)
    {
        if (!Shuffle)
        {
            var identity = new long[_data.Count];
            for (var i = 0; i < identity.Length; i++)
            {
                identity[i] = i;
            }

            return identity;
        }

        using var order = Permutation(epoch);
        return order.data<long>().ToArray();
    }

    private torch.Tensor Permutation(int epoch)
    {
        using var generator = new torch.Generator(unchecked((ulong)(Seed * 1_000_003L + epoch)));
        return torch.randperm(_data.Count, generator: generator);
    }

    private static torch.Tensor Select(torch.Tensor data, torch.Tensor index)
    {
        if (data.device_type == DeviceType.CPU)
        {
            return data.index_select(0, index);
        }

        using var moved = index.to(data.device);
        return data.index_select(0, moved);
    }

    private static void Dispose(Batch? batch)
    {
        if (batch is Batch b)
        {
            b.Input.Dispose();
            b.Target.Dispose();
        }
    }
}
