using System;
using System.Security.Cryptography;
using ShapeSharp.Data;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Enough of the training data to tell another data set, order or batch size from the same one:
/// the counts and a hash of the first epoch's first batch (inputs and targets, shapes and bytes).
/// </summary>
public sealed record DataFingerprint(long Samples, int Batches, int FirstBatchSize, string FirstBatchHash)
{
    /// <summary>Reads the first batch of epoch 1 (the trainer sets each epoch again before using it).</summary>
    public static DataFingerprint Of(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.SetEpoch(1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var size = 0;
        foreach (var batch in source)
        {
            using var scope = torch.NewDisposeScope();
            size = checked((int)batch.Input.shape[0]);
            Append(hash, batch.Input);
            Append(hash, batch.Target);
            break;
        }

        return new DataFingerprint(source.SampleCount, source.BatchCount, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static void Append(IncrementalHash hash, torch.Tensor tensor)
    {
        hash.AppendData(BitConverter.GetBytes((int)tensor.dtype));
        foreach (var d in tensor.shape)
        {
            hash.AppendData(BitConverter.GetBytes(d));
        }

        using var cpu = tensor.detach().cpu().contiguous();
        hash.AppendData(cpu.bytes);
    }
}
