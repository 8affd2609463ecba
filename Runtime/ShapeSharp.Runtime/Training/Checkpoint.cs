using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Whole-run checkpoints: weights and buffers, optimizer state, epoch, step, RNG state and history,
/// in one file. Writing is atomic (a temporary file beside the target, flushed, then renamed over
/// it), so a crash mid-write leaves the previous checkpoint intact. Loading reads and validates the
/// whole file before touching anything, so a checkpoint that does not fit leaves the model as it was.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "ShapeSharp.Checkpoint";
    private const int FormatVersion = 1;

    public static void Save(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info) =>
        Save(path, model, optimizer, info, stream => stream);

    /// <summary><paramref name="wrap"/> lets tests interpose a stream that fails mid-write.</summary>
    internal static void Save(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info, Func<Stream, Stream> wrap)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var writer = new BinaryWriter(wrap(file), Encoding.UTF8, leaveOpen: true))
                {
                    Write(writer, model, optimizer, info);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Restores the model (and the optimizer, when given and saved) and returns where the run stood.
    /// Throws <see cref="CheckpointException"/> naming the problem, leaving the model unchanged.
    /// </summary>
    public static CheckpointInfo Load(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.GetName();
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{name}: checkpoint '{path}' does not exist.");
        }

        Contents contents;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            contents = Read(reader, path);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or JsonException or FormatException)
        {
            throw new CheckpointException($"{name}: checkpoint '{path}' is unreadable or truncated: {e.Message}", e);
        }

        using var scope = torch.NewDisposeScope();
        var target = model.state_dict();
        Validate(name, path, target, contents.Tensors);

        if (optimizer is not null && contents.Optimizer is not null)
        {
            try
            {
                using var optimizerReader = new BinaryReader(new MemoryStream(contents.Optimizer));
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(optimizerReader);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new CheckpointException($"{name}: the optimizer state in '{path}' does not fit this optimizer: {e.Message}", e);
            }
        }

        using (torch.no_grad())
        {
            foreach (var (key, saved) in contents.Tensors)
            {
                var destination = target[key];
                using var source = torch.empty(saved.Shape, saved.Type);
                source.bytes = saved.Bytes;
                destination.copy_(source);
            }
        }

        return contents.Info;
    }

    private static void Write(BinaryWriter writer, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(model.GetName());
        writer.Write(info.Epoch);
        writer.Write(info.Step);
        writer.Write(info.RngState?.Length ?? -1);
        if (info.RngState is not null)
        {
            writer.Write(info.RngState);
        }

        writer.Write(info.History.ToJson());

        var state = model.state_dict();
        writer.Write(state.Count);
        foreach (var (key, tensor) in state)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            writer.Write(key);
            writer.Write((int)cpu.dtype);
            writer.Write(cpu.shape.Length);
            foreach (var d in cpu.shape)
            {
                writer.Write(d);
            }

            var bytes = cpu.bytes;
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        if (optimizer is TorchSharp.Modules.OptimizerHelper helper)
        {
            using var buffer = new MemoryStream();
            using (var optimizerWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                helper.save_state_dict(optimizerWriter);
            }

            writer.Write((int)buffer.Length);
            writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        else
        {
            writer.Write(-1);
        }

        writer.Write(Magic); // trailer: a file cut short anywhere is detected
    }

    private static Contents Read(BinaryReader reader, string path)
    {
        if (reader.ReadString() != Magic)
        {
            throw new FormatException("not a ShapeSharp checkpoint");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"format version {version}, this library reads {FormatVersion}");
        }

        var savedModel = reader.ReadString();
        var epoch = reader.ReadInt32();
        var step = reader.ReadInt64();
        var rngLength = reader.ReadInt32();
        var rng = rngLength < 0 ? null : ReadExactly(reader, rngLength);
        var history = History.FromJson(reader.ReadString());

        var count = reader.ReadInt32();
        var tensors = new Dictionary<string, SavedTensor>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var type = (torch.ScalarType)reader.ReadInt32();
            var shape = new long[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.ReadInt64();
            }

            tensors[key] = new SavedTensor(type, shape, ReadExactly(reader, reader.ReadInt32()));
        }

        var optimizerLength = reader.ReadInt32();
        var optimizer = optimizerLength < 0 ? null : ReadExactly(reader, optimizerLength);
        if (reader.ReadString() != Magic)
        {
            throw new FormatException("the trailer is missing");
        }

        return new Contents(savedModel, new CheckpointInfo(epoch, step, rng, history), tensors, optimizer);
    }

    private static void Validate(string model, string path, Dictionary<string, torch.Tensor> target, Dictionary<string, SavedTensor> saved)
    {
        foreach (var key in target.Keys.Where(k => !saved.ContainsKey(k)))
        {
            throw new CheckpointException($"{model}: checkpoint '{path}' has no '{key}'; the model was not changed.");
        }

        foreach (var (key, tensor) in saved)
        {
            if (!target.TryGetValue(key, out var destination))
            {
                throw new CheckpointException($"{model}: checkpoint '{path}' has '{key}', which the model does not; the model was not changed.");
            }

            if (!destination.shape.SequenceEqual(tensor.Shape) || destination.dtype != tensor.Type)
            {
                throw new CheckpointException(
                    $"{model}: '{key}' is {Describe(tensor.Type, tensor.Shape)} in checkpoint '{path}', " +
                    $"but the model expects {Describe(destination.dtype, destination.shape)}; the model was not changed.");
            }
        }
    }

    private static string Describe(torch.ScalarType type, long[] shape) => $"{type} [{string.Join(", ", shape)}]";

    private static byte[] ReadExactly(BinaryReader reader, int length)
    {
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException($"expected {length} bytes, found {bytes.Length}");
    }

    private sealed record SavedTensor(torch.ScalarType Type, long[] Shape, byte[] Bytes);

    private sealed record Contents(string Model, CheckpointInfo Info, Dictionary<string, SavedTensor> Tensors, byte[]? Optimizer);
}
