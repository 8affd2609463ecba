using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Checkpoint format 3, little-endian (docs/checkpoints.md has the table):
/// magic "SSHPCKPT", int32 version; model type, model name, architecture fingerprint (strings:
/// int32 byte count + UTF-8); int32 epoch, int64 step; RNG state (int32 count or -1, bytes);
/// history JSON; run configuration JSON ("" when none); loss scale JSON ("" when none; not in format 2,
/// which is read as well); int32 tensor count, then per tensor: key,
/// int32 dtype, int32 rank, int64 dims, int64 byte count, SHA-256 of the bytes, the bytes;
/// optimizer type ("" when none), int64 byte count or -1, SHA-256, the bytes; then the SHA-256 of
/// everything before it and the end marker "SSHPEND\n".
/// </summary>
internal static class CheckpointFile
{
    public const int Version = 3;

    /// <summary>Format 2 is format 3 without the loss scale; it still loads.</summary>
    private const int OldestReadable = 2;
    private const int HashSize = 32;
    private const int MaxRank = 64;
    private static readonly byte[] Magic = "SSHPCKPT"u8.ToArray();
    private static readonly byte[] EndMarker = "SSHPEND\n"u8.ToArray();
    private static readonly byte[] VersionOneStart = "\u0015ShapeSharp.Checkpoint"u8.ToArray();
    private static readonly int HeaderSize = Magic.Length + 4;
    private static readonly int FooterSize = HashSize + EndMarker.Length;

    internal static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(Stream destination, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info)
    {
        using var hashing = new HashingStream(destination);
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            WriteString(writer, model.GetType().FullName ?? model.GetType().Name);
            WriteString(writer, model.GetName());
            WriteString(writer, ArchitectureFingerprint.Of(model));
            writer.Write(info.Epoch);
            writer.Write(info.Step);
            writer.Write(info.RngState?.Length ?? -1);
            if (info.RngState is not null)
            {
                writer.Write(info.RngState);
            }

            WriteString(writer, info.History.ToJson());
            WriteString(writer, info.Run is null ? "" : JsonSerializer.Serialize(info.Run, Json));
            WriteString(writer, info.LossScale is null ? "" : JsonSerializer.Serialize(info.LossScale, Json));

            var state = model.state_dict();
            writer.Write(state.Count);
            foreach (var (key, tensor) in state)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                WriteString(writer, key);
                writer.Write((int)cpu.dtype);
                writer.Write(cpu.shape.Length);
                foreach (var d in cpu.shape)
                {
                    writer.Write(d);
                }

                var bytes = cpu.bytes;
                writer.Write((long)bytes.Length);
                writer.Write(SHA256.HashData(bytes));
                writer.Write(bytes);
            }

            if (optimizer is TorchSharp.Modules.OptimizerHelper helper)
            {
                using var buffer = new MemoryStream();
                using (var optimizerWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    helper.save_state_dict(optimizerWriter);
                }

                var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                WriteString(writer, optimizer.GetType().FullName ?? optimizer.GetType().Name);
                writer.Write((long)bytes.Length);
                writer.Write(SHA256.HashData(bytes));
                writer.Write(bytes);
            }
            else
            {
                WriteString(writer, "");
                writer.Write(-1L);
            }
        }

        destination.Write(hashing.CurrentHash());
        destination.Write(EndMarker);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>
    /// Reads and checks a whole checkpoint file: the end marker and the file's checksum first (a
    /// cut or damaged file is named as such), then every field, each length checked before use.
    /// </summary>
    /// <exception cref="CheckpointFormatProblem">What is wrong, without the file name.</exception>
    public static CheckpointContents Read(string path, List<(long Offset, int Width, string Field)>? integerFields = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var length = file.Length;
        var start = new byte[Math.Min(length, VersionOneStart.Length)];
        file.ReadExactly(start);
        if (start.AsSpan().SequenceEqual(VersionOneStart))
        {
            throw new CheckpointFormatProblem(
                $"is in checkpoint format 1 (written by an earlier ShapeSharp), which has no checksums; this library reads format {Version}. Train again to write a new one");
        }

        if (length < Magic.Length || !start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointFormatProblem(length == 0 ? "is empty" : "is not a ShapeSharp checkpoint (its first bytes are not the checkpoint magic)");
        }

        if (length < HeaderSize + FooterSize)
        {
            throw new CheckpointFormatProblem($"is truncated: {length} bytes, too short to hold a checkpoint");
        }

        file.Position = Magic.Length;
        var versionBytes = new byte[4];
        file.ReadExactly(versionBytes);
        var version = BitConverter.ToInt32(versionBytes);
        if (version is < OldestReadable or > Version)
        {
            throw new CheckpointFormatProblem($"has checkpoint format version {version}; this library reads versions {OldestReadable} to {Version}");
        }

        var footer = new byte[FooterSize];
        file.Position = length - FooterSize;
        file.ReadExactly(footer);
        if (!footer.AsSpan(HashSize).SequenceEqual(EndMarker))
        {
            throw new CheckpointFormatProblem("is truncated or incomplete: its end marker is missing (the write was cut short or the file was cut)");
        }

        file.Position = 0;
        if (!HashPrefix(file, length - FooterSize).AsSpan().SequenceEqual(footer.AsSpan(0, HashSize)))
        {
            throw new CheckpointFormatProblem("is damaged: its SHA-256 checksum does not match its contents (a byte was changed or lost)");
        }

        file.Position = HeaderSize;
        integerFields?.Add((Magic.Length, 4, "the format version"));
        return ReadBody(new CheckpointReader(file, length - FooterSize, integerFields), version);
    }

    /// <summary>Recomputes the checksum after a test has changed fields on purpose, so the parser sees them.</summary>
    internal static void Sign(byte[] file)
    {
        var body = file.Length - FooterSize;
        SHA256.HashData(file.AsSpan(0, body)).CopyTo(file.AsSpan(body));
    }

    private static byte[] HashPrefix(Stream stream, long count)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0)
            {
                throw new CheckpointFormatProblem("is shorter than its length (it changed while being read)");
            }

            hash.AppendData(buffer, 0, n);
            count -= n;
        }

        return hash.GetHashAndReset();
    }

    private static CheckpointContents ReadBody(CheckpointReader reader, int version)
    {
        var modelType = reader.ReadString("the model type");
        var modelName = reader.ReadString("the model name");
        var fingerprint = reader.ReadString("the architecture fingerprint");
        var epoch = reader.ReadInt32("the epoch");
        if (epoch < 0)
        {
            throw new CheckpointFormatProblem($"says epoch {epoch}; an epoch count cannot be negative");
        }

        var step = reader.ReadInt64("the step");
        if (step < 0)
        {
            throw new CheckpointFormatProblem($"says optimizer step {step}; a step count cannot be negative");
        }

        var rngLength = reader.ReadInt32("the RNG state's length");
        var rng = rngLength == -1 ? null : reader.ReadBytes(rngLength, "the RNG state");
        var history = ReadHistory(reader.ReadString("the history"), epoch);
        var run = ReadRun(reader.ReadString("the run configuration"));
        var lossScale = version >= 3 ? ReadLossScale(reader.ReadString("the loss scale")) : null;

        var count = reader.ReadInt32("the tensor count");
        const int smallestEntry = 4 + 4 + 4 + 8 + HashSize;
        if (count < 0 || count > reader.Remaining / smallestEntry)
        {
            throw new CheckpointFormatProblem($"claims {count} tensors, which {reader.Remaining} remaining bytes cannot hold");
        }

        var tensors = new List<SavedTensor>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var tensor = ReadTensor(reader, i);
            if (!keys.Add(tensor.Key))
            {
                throw new CheckpointFormatProblem($"holds '{tensor.Key}' twice");
            }

            tensors.Add(tensor);
        }

        var optimizerType = reader.ReadString("the optimizer type");
        var optimizerLength = reader.ReadInt64("the optimizer state's length");
        byte[]? optimizer = null;
        if (optimizerLength != -1)
        {
            var expected = reader.ReadBytes(HashSize, "the optimizer state's checksum");
            optimizer = reader.ReadBytes(optimizerLength, "the optimizer state");
            if (!SHA256.HashData(optimizer).AsSpan().SequenceEqual(expected))
            {
                throw new CheckpointFormatProblem("has a damaged optimizer state (its checksum does not match)");
            }
        }

        if (reader.Remaining != 0)
        {
            throw new CheckpointFormatProblem($"has {reader.Remaining} unexpected bytes after the optimizer state");
        }

        var computed = ArchitectureFingerprint.Of(modelType, tensors.Select(t => (t.Key, t.Type, t.Shape)));
        if (computed != fingerprint)
        {
            throw new CheckpointFormatProblem("has an architecture fingerprint that does not match the tensors it holds");
        }

        return new CheckpointContents(modelType, modelName, new CheckpointInfo(epoch, step, rng, history, run, lossScale), tensors,
            optimizerType.Length == 0 ? null : optimizerType, optimizer);
    }

    private static SavedTensor ReadTensor(CheckpointReader reader, int index)
    {
        var key = reader.ReadString($"tensor {index + 1}'s name");
        var code = reader.ReadInt32($"'{key}''s dtype");
        var type = (torch.ScalarType)code;
        var size = TensorTypes.ElementSize(type);
        if (size == 0 || !Enum.IsDefined(type))
        {
            throw new CheckpointFormatProblem($"gives '{key}' dtype number {code}, which is not one a checkpoint holds");
        }

        var rank = reader.ReadInt32($"'{key}''s rank");
        if (rank < 0 || rank > MaxRank)
        {
            throw new CheckpointFormatProblem($"gives '{key}' {rank} dims; a tensor has 0 to {MaxRank}");
        }

        var shape = new long[rank];
        long elements = 1;
        for (var d = 0; d < rank; d++)
        {
            shape[d] = reader.ReadInt64($"'{key}''s dim {d}");
            if (shape[d] < 0)
            {
                throw new CheckpointFormatProblem($"gives '{key}' a negative dim ({shape[d]})");
            }

            elements = shape[d] == 0 || elements <= reader.Remaining / shape[d] ? elements * shape[d] : long.MaxValue;
        }

        var byteCount = reader.ReadInt64($"'{key}''s byte count");
        var expected = elements == long.MaxValue || elements > long.MaxValue / size ? -1 : elements * size;
        if (byteCount != expected)
        {
            throw new CheckpointFormatProblem(
                $"gives '{key}' {byteCount} bytes, but its shape [{string.Join(", ", shape)}] of {type} needs " +
                (expected < 0 ? "more than the file holds" : $"{expected}"));
        }

        var hash = reader.ReadBytes(HashSize, $"'{key}''s checksum");
        var bytes = reader.ReadBytes(byteCount, $"'{key}''s data");
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
        {
            throw new CheckpointFormatProblem($"has damaged data in '{key}' (its checksum does not match)");
        }

        return new SavedTensor(key, type, shape, bytes);
    }

    private static History ReadHistory(string json, int epoch)
    {
        History history;
        try
        {
            history = History.FromJson(json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new CheckpointFormatProblem($"has an unreadable history ({e.Message})");
        }

        var previous = 0;
        foreach (var past in history.Epochs)
        {
            if (past.Values is null || past.Epoch <= previous || past.Epoch > epoch)
            {
                throw new CheckpointFormatProblem($"has a history whose epochs are not 1..{epoch} in order (found epoch {past.Epoch} after {previous})");
            }

            previous = past.Epoch;
        }

        return history;
    }

    private static RunConfiguration? ReadRun(string json) =>
        ReadJson<RunConfiguration>(json, "run configuration", run =>
            run.BatchSize >= 0 && run.StepsPerEpoch >= 0 && run.Epochs >= 0 && run.AccumulationSteps >= 1 &&
            run.Schedule is not null && run.Optimizer is not null && run.Data is null or { Samples: >= 0, Batches: >= 0, FirstBatchHash: not null },
            "with missing or negative values");

    private static LossScaleState? ReadLossScale(string json) =>
        ReadJson<LossScaleState>(json, "loss scale", state =>
            state.Scale > 0 && !double.IsInfinity(state.Scale) && state.GrowthTracker >= 0,
            "that is not positive and finite, or with a negative growth tracker");

    /// <summary>A JSON field: null when empty, else the value if <paramref name="valid"/> says so.</summary>
    private static T? ReadJson<T>(string json, string field, Func<T, bool> valid, string invalid)
        where T : class
    {
        if (json.Length == 0)
        {
            return null;
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new CheckpointFormatProblem($"has an unreadable {field} ({e.Message})");
        }

        return value is not null && valid(value) ? value : throw new CheckpointFormatProblem($"has a {field} {invalid}");
    }
}

internal sealed record SavedTensor(string Key, torch.ScalarType Type, long[] Shape, byte[] Bytes);

internal sealed record CheckpointContents(
    string ModelType, string ModelName, CheckpointInfo Info, IReadOnlyList<SavedTensor> Tensors, string? OptimizerType, byte[]? OptimizerState);
