using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ShapeSharp.Data;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>Real checkpoints of <see cref="TinyModel"/> and the means to damage them on purpose.</summary>
internal static class CheckpointFiles
{
    /// <summary>A TinyModel after <paramref name="steps"/> SGD-with-momentum steps, so the optimizer has state.</summary>
    public static (TinyModel Model, optim.Optimizer Optimizer) Trained(long seed, int steps = 3)
    {
        var model = new TinyModel(seed: seed);  // not torch's global generator: test classes run in parallel
        var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        using var data = TinyModel.Data(32, seed);
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(data.Inputs), data.Targets).backward();
            optimizer.step();
        }

        return (model, optimizer);
    }

    /// <summary>Saves a trained model with RNG state, a two-epoch history and a run configuration.</summary>
    public static void Save(string path, TinyModel model, optim.Optimizer optimizer)
    {
        var history = new History();
        history.Add(new EpochInfo(1, new Dictionary<string, double> { ["loss"] = 1.1, ["lr"] = 0.1 }));
        history.Add(new EpochInfo(2, new Dictionary<string, double> { ["loss"] = 0.9, ["lr"] = 0.1 }));
        using var rng = random.get_rng_state();
        var run = new RunConfiguration
        {
            BatchSize = 8, StepsPerEpoch = 4, Epochs = 5, Schedule = "ConstantSchedule()", Optimizer = RunConfiguration.DescribeOptimizer(optimizer),
            Data = new DataFingerprint(32, 4, 8, new string('a', 64)),
        };
        Checkpoint.Save(path, model, optimizer, new CheckpointInfo(2, 8, rng.bytes.ToArray(), history, run));
    }

    public static byte[] OptimizerState(optim.Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Every integer field of a (valid) checkpoint: where it is, its width and what it is.</summary>
    public static List<(long Offset, int Width, string Field)> IntegerFields(string path)
    {
        var fields = new List<(long, int, string)>();
        CheckpointFile.Read(path, fields);
        return fields;
    }

    /// <summary>Writes <paramref name="value"/> little-endian into the field (truncated to its width) and re-signs the file.</summary>
    public static byte[] WithField(byte[] file, (long Offset, int Width, string Field) field, long value)
    {
        var copy = (byte[])file.Clone();
        BitConverter.GetBytes(value).AsSpan(0, field.Width).CopyTo(copy.AsSpan((int)field.Offset));
        CheckpointFile.Sign(copy);
        return copy;
    }

    /// <summary>The values the issue names for hostile header fields: 0, -1, 2^31, 2^32-1, 2^63.</summary>
    public static readonly long[] HostileValues = { 0, -1, 1L << 31, (1L << 32) - 1, long.MinValue };
}
