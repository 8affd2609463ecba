using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using Xunit.Abstractions;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>
/// Issue 16, readers fuzzed: mutated checkpoints give only CheckpointException naming the file,
/// leave the model and optimizer as they were, and allocate no more than the file justifies.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public CheckpointFuzzTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mutated_checkpoints_give_only_checkpoint_exceptions_and_change_nothing()
    {
        var original = _temp.File("original.ckpt");
        var (source, sourceOptimizer) = CheckpointFiles.Trained(seed: 7);
        using (source)
        using (sourceOptimizer)
        {
            CheckpointFiles.Save(original, source, sourceOptimizer);
        }

        var bytes = File.ReadAllBytes(original);
        var fields = CheckpointFiles.IntegerFields(original);
        var (model, optimizer) = CheckpointFiles.Trained(seed: 8);
        using var _ = model;
        using var __ = optimizer;

        var iterations = Fuzzing.Iterations(1000);
        var random = new Random(16);
        var path = _temp.File("mutated.ckpt");
        var escapes = new Fuzzing.Escapes();
        var outcomes = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var (kind, mutated) = Mutate(random, bytes, fields, i);
            File.WriteAllBytes(path, mutated);
            var weights = TinyModel.Weights(model);
            var state = CheckpointFiles.OptimizerState(optimizer);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            string outcome;
            try
            {
                Checkpoint.Load(path, model, optimizer);
                outcome = "loaded";
            }
            catch (CheckpointException e) when (e.GetType() == typeof(CheckpointException))
            {
                outcome = Problem(e.Message, path);
                if (!e.Message.Contains(path, StringComparison.Ordinal))
                {
                    escapes.Add($"#{i} {kind}: message without the file name: {e.Message}");
                }

                if (!weights.SequenceEqual(TinyModel.Weights(model)) || !state.SequenceEqual(CheckpointFiles.OptimizerState(optimizer)))
                {
                    escapes.Add($"#{i} {kind}: refused ({e.Message}) but the model or optimizer changed");
                }
            }
            catch (Exception e)
            {
                outcome = e.GetType().Name;
                escapes.Add($"#{i} {kind}: {e.GetType().Name}: {e.Message}");
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (allocated > 64L * mutated.Length + (4 << 20))
            {
                escapes.Add($"#{i} {kind}: allocated {allocated} bytes for a {mutated.Length}-byte file");
            }

            outcomes[$"{kind}: {outcome}"] = outcomes.GetValueOrDefault($"{kind}: {outcome}") + 1;
        }

        _output.WriteLine($"{iterations} mutated checkpoints of {bytes.Length} bytes in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"{count,6}  {outcome}");
        }

        escapes.AssertNone(iterations);
        Assert.True(outcomes.Where(o => o.Key.StartsWith("field", StringComparison.Ordinal) && !o.Key.EndsWith("loaded", StringComparison.Ordinal)).Sum(o => o.Value) > iterations / 10,
            "re-signed header fields must reach the parser and be refused there");
    }

    /// <summary>Six kinds in turn: raw damage (caught by the file checksum) and damage re-signed so the parser sees it.</summary>
    private static (string Kind, byte[] Bytes) Mutate(Random random, byte[] bytes, List<(long Offset, int Width, string Field)> fields, int i)
    {
        switch (i % 6)
        {
            case 0:
                return ("bit flips", Fuzzing.FlipBits(random, bytes));
            case 1:
                return ("truncation", Fuzzing.Truncate(random, bytes));
            case 2:
            case 3:
                var field = fields[random.Next(fields.Count)];
                var value = CheckpointFiles.HostileValues[random.Next(CheckpointFiles.HostileValues.Length)];
                return ("field", CheckpointFiles.WithField(bytes, field, value));
            case 4:
                var flipped = Fuzzing.FlipBits(random, bytes, from: 12);
                flipped = flipped.Length > 52 ? flipped : bytes;
                CheckpointFile.Sign(flipped);
                return ("re-signed bit flips", flipped);
            default:
                var run = Fuzzing.OverwriteRun(random, bytes, from: 12);
                CheckpointFile.Sign(run);
                return ("re-signed byte run", run);
        }
    }

    /// <summary>The message without the file and the model's name, cut at the first number, so outcomes group.</summary>
    private static string Problem(string message, string path)
    {
        var text = message.Replace($"checkpoint '{path}' ", "", StringComparison.Ordinal);
        text = text[(text.IndexOf(':') + 2)..];
        var cut = text.IndexOfAny("0123456789'(".ToCharArray());
        return cut > 0 ? text[..cut].Trim() : text;
    }
}
