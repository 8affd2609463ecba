using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using DeviceType = TorchSharp.DeviceType;

namespace ShapeSharp.Training;

/// <summary>
/// Whole-run checkpoints: weights and buffers, optimizer state, epoch, step, RNG state, history and
/// the run's configuration, in one file with a checksum per tensor and for the whole file
/// (docs/checkpoints.md). Tensors are saved from any device (read back to the CPU) and load onto
/// the device and floating dtype of the model's own tensors. Writing is atomic (a temporary file beside the target, flushed, then
/// renamed over it). Loading reads and checks everything into new tensors before touching the
/// model or optimizer, so any failure leaves both exactly as they were.
/// </summary>
public static class Checkpoint
{
    public static void Save(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info) =>
        Save(path, model, optimizer, info, stream => stream);

    /// <summary><paramref name="wrap"/> lets tests interpose a stream that fails mid-write.</summary>
    internal static void Save(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer, CheckpointInfo info, Func<Stream, Stream> wrap)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentOutOfRangeException.ThrowIfNegative(info.Epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(info.Step);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        RemoveStaleTemporaries(folder, Path.GetFileName(full));
        var temp = full + TemporarySuffix + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var stream = wrap(file);  // not disposed: the identity wrap is the file itself
                CheckpointFile.Write(stream, model, optimizer, info);
                stream.Flush();

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
    /// Restores the model (and the optimizer, when given) and returns where the run stood.
    /// Strict, like PyTorch's <c>load_state_dict(strict=True)</c>: the file must be intact and
    /// written for this model type with exactly its parameters and buffers (names, shapes, dtypes),
    /// all finite, and must hold state for a given optimizer of the same type.
    /// </summary>
    /// <param name="strict">
    /// false accepts another model type, missing or extra entries (those present must still match),
    /// and a checkpoint without optimizer state; the file's checksums and values are checked either way.
    /// </param>
    /// <param name="verify">
    /// Called with what the file says once it has been read and checked, before anything is
    /// changed; an exception it throws (such as <see cref="ResumePlan.For"/>'s) leaves model and
    /// optimizer as they were and goes to the caller as it is.
    /// </param>
    /// <exception cref="CheckpointException">Names the file and the problem; model and optimizer are unchanged.</exception>
    public static CheckpointInfo Load(
        string path, torch.nn.Module model, torch.optim.Optimizer? optimizer = null, bool strict = true, Action<CheckpointInfo>? verify = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        var name = model.GetName();
        CheckpointException Fail(string problem, Exception? inner = null) =>
            new($"{name}: checkpoint '{path}' {problem}; the model {(optimizer is null ? "was" : "and optimizer were")} not changed.", inner);

        if (!File.Exists(path))
        {
            throw new CheckpointException($"{name}: checkpoint '{path}' does not exist.");
        }

        CheckpointContents contents;
        try
        {
            contents = CheckpointFile.Read(path);
        }
        catch (CheckpointFormatProblem problem)
        {
            throw Fail(problem.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail($"could not be read: {e.Message}", e);
        }

        var modelType = model.GetType().FullName ?? model.GetType().Name;
        if (strict && contents.ModelType != modelType)
        {
            throw Fail($"was written for model {contents.ModelType} ('{contents.ModelName}'), not {modelType}");
        }

        // No dispose scope here: the optimizer's new state tensors must outlive this call.
        var target = model.state_dict();
        var saved = contents.Tensors.ToDictionary(t => t.Key);
        CheckEntries(target, saved, strict, Fail);
        // A floating entry saved in another floating dtype loads converted, so it counts as the model's dtype here.
        if (strict && contents.ModelType == modelType && ArchitectureFingerprint.Of(model) is var fingerprint &&
            ArchitectureFingerprint.Of(modelType, contents.Tensors.Select(t => (t.Key, LoadedType(t.Type, target[t.Key].dtype), t.Shape))) != fingerprint)
        {
            throw Fail("lists its parameters in another order than the model; the architecture fingerprints differ");
        }

        verify?.Invoke(contents.Info);

        var sources = new List<(torch.Tensor Destination, torch.Tensor Source)>();
        try
        {
            foreach (var tensor in contents.Tensors.Where(t => target.ContainsKey(t.Key)))
            {
                var destination = target[tensor.Key];
                var source = torch.empty(tensor.Shape, tensor.Type);
                sources.Add((destination, source));
                source.bytes = tensor.Bytes;
                if (tensor.Type != destination.dtype)
                {
                    // Converted on the CPU before the check, so a value the model's dtype cannot hold
                    // (1e300 into float32) is refused like a NaN in the file.
                    sources[^1] = (destination, source.to_type(destination.dtype));
                    source.Dispose();
                    source = sources[^1].Source;
                }

                if (TensorTypes.IsFloating(tensor.Type))
                {
                    using var finite = torch.isfinite(source);
                    using var notFinite = finite.logical_not();
                    using var count = notFinite.sum();
                    var bad = count.item<long>();
                    if (bad > 0)
                    {
                        throw Fail($"holds {bad} NaN or infinite value{(bad == 1 ? "" : "s")} in '{tensor.Key}'" +
                            (tensor.Type != destination.dtype ? $" once converted from {tensor.Type} to the model's {destination.dtype}" : ""));
                    }
                }

                if (destination.device_type != DeviceType.CPU)
                {
                    // On the parameter's device before any is written: running out of device memory
                    // here still leaves the model as it was.
                    sources[^1] = (destination, source.to(destination.device));
                    source.Dispose();
                }
            }

            CheckRngState(contents.Info.RngState, Fail);
            var restoreOptimizer = optimizer is null ? null : LoadOptimizer(optimizer, contents, strict, Fail);
            try
            {
                using var noGrad = torch.no_grad();
                foreach (var (destination, source) in sources)
                {
                    destination.copy_(source);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                restoreOptimizer?.Invoke();
                throw Fail($"could not be copied into the model: {e.Message}", e);
            }
        }
        finally
        {
            foreach (var (_, source) in sources)
            {
                source.Dispose();
            }
        }

        return contents.Info;
    }

    private const string TemporarySuffix = ".tmp-";

    /// <summary>Temporary files a killed write left beside <paramref name="fileName"/> ("name.tmp-" and 32 hex digits).</summary>
    internal static IEnumerable<string> StaleTemporaries(string folder, string fileName)
    {
        var pattern = new Regex("^" + Regex.Escape(fileName + TemporarySuffix) + "[0-9a-f]{32}$");
        return Directory.EnumerateFiles(folder, fileName + TemporarySuffix + "*").Where(f => pattern.IsMatch(Path.GetFileName(f)));
    }

    internal static void RemoveStaleTemporaries(string folder, string fileName)
    {
        foreach (var stale in StaleTemporaries(folder, fileName).ToList())
        {
            try
            {
                File.Delete(stale);
            }
            catch (IOException)
            {
                // Another writer's file in use: it is theirs to finish or remove.
            }
        }
    }

    private static void CheckEntries(
        Dictionary<string, torch.Tensor> target, Dictionary<string, SavedTensor> saved, bool strict, Func<string, Exception?, CheckpointException> fail)
    {
        if (strict)
        {
            var missing = target.Keys.Where(k => !saved.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                throw fail($"has no '{string.Join("', '", missing)}'", null);
            }

            var unexpected = saved.Keys.Where(k => !target.ContainsKey(k)).ToList();
            if (unexpected.Count > 0)
            {
                throw fail($"has '{string.Join("', '", unexpected)}', which the model does not", null);
            }
        }

        foreach (var (key, tensor) in saved)
        {
            if (target.TryGetValue(key, out var destination) &&
                (!destination.shape.SequenceEqual(tensor.Shape) || LoadedType(tensor.Type, destination.dtype) != destination.dtype))
            {
                throw fail(
                    $"has '{key}' as {Describe(tensor.Type, tensor.Shape)}, but the model expects {Describe(destination.dtype, destination.shape)}", null);
            }
        }
    }

    private static void CheckRngState(byte[]? rng, Func<string, Exception?, CheckpointException> fail)
    {
        if (rng is null)
        {
            return;
        }

        if (RngState.Problem(rng) is string problem)
        {
            throw fail($"holds {problem}", null);
        }
    }

    /// <summary>Loads the optimizer state; returns how to put the previous state back if a later step fails.</summary>
    private static Action? LoadOptimizer(
        torch.optim.Optimizer optimizer, CheckpointContents contents, bool strict, Func<string, Exception?, CheckpointException> fail)
    {
        var type = optimizer.GetType().FullName ?? optimizer.GetType().Name;
        if (contents.OptimizerState is null)
        {
            return strict ? throw fail($"holds no optimizer state, but this run's {optimizer.GetType().Name} needs one (load with strict: false to start it fresh)", null) : null;
        }

        if (contents.OptimizerType != type)
        {
            throw fail($"holds the state of optimizer {contents.OptimizerType}, which does not fit this optimizer ({type})", null);
        }

        if (optimizer is not TorchSharp.Modules.OptimizerHelper helper)
        {
            throw fail($"cannot restore optimizer {type}: it does not derive from TorchSharp's OptimizerHelper", null);
        }

        var before = SaveState(helper);
        void Restore()
        {
            using var reader = new BinaryReader(new MemoryStream(before));
            helper.load_state_dict(reader);
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(contents.OptimizerState));
            helper.load_state_dict(reader);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Restore();
            throw fail($"holds optimizer state that does not fit this optimizer: {e.Message}", e);
        }

        return Restore;
    }

    private static byte[] SaveState(TorchSharp.Modules.OptimizerHelper helper)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            helper.save_state_dict(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The dtype a saved entry takes in the model: a real floating entry converts to the parameter's
    /// real floating dtype (a float32 checkpoint loads into a float64 or bfloat16 model, as PyTorch's
    /// load_state_dict copies); any other entry must have the model's dtype as it is.
    /// </summary>
    private static torch.ScalarType LoadedType(torch.ScalarType saved, torch.ScalarType model) =>
        IsRealFloating(saved) && IsRealFloating(model) ? model : saved;

    private static bool IsRealFloating(torch.ScalarType type) =>
        type is torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Float32 or torch.ScalarType.Float64;

    private static string Describe(torch.ScalarType type, long[] shape) => $"{type} [{string.Join(", ", shape)}]";
}
