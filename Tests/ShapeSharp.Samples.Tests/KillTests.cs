using System;
using System.Collections.Generic;
using System.IO;

namespace ShapeSharp.Samples.Tests;

/// <summary>
/// The main job killed (SIGKILL: nothing of it runs) at random moments, each time started again
/// with --resume where a checkpoint exists, ends with the checkpoint an uninterrupted run writes,
/// byte for byte: weights, optimizer state, RNG, history and run configuration.
/// </summary>
public sealed class KillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shapesharp-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Job(string output, params string[] more) =>
        [.. new[] { "--epochs", "6", "--limit", "1500", "--batch-size", "32", "--seed", "3", "--out", output }, .. more];

    [Fact]
    public void Killed_at_random_moments_and_resumed_the_run_ends_with_the_uninterrupted_runs_checkpoint()
    {
        var straight = Path.Combine(_dir, "straight");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var whole = SampleProcess.Run("FashionMnist", Job(straight));
        Assert.True(whole.ExitCode == 0, whole.Output);
        var runTime = clock.Elapsed;

        var killed = Path.Combine(_dir, "killed");
        var checkpoint = Path.Combine(killed, "checkpoint.bin");
        var random = new Random(16);
        var kills = 0;
        var log = new List<string>();
        SampleResult? finished = null;
        for (var attempt = 0; attempt < 12 && finished is null; attempt++)
        {
            var resume = File.Exists(checkpoint) ? new[] { "--resume" } : Array.Empty<string>();
            // The first runs are killed at a random moment of a run's length (start-up included); the last one finishes.
            var delay = attempt < 6 ? runTime * (0.1 + 0.35 * random.NextDouble()) : TimeSpan.FromMinutes(5);
            finished = SampleProcess.KillAfter("FashionMnist", delay, Job(killed, resume));
            log.Add($"attempt {attempt}: {(finished is null ? $"killed after {delay.TotalMilliseconds} ms" : $"exit {finished.ExitCode}")}, checkpoint {(File.Exists(checkpoint) ? "present" : "absent")}");
            kills += finished is null ? 1 : 0;
        }

        Assert.True(finished is not null, string.Join('\n', log));
        // A kill after the last checkpoint (while testing) leaves a finished run; resuming it says so.
        Assert.True(finished.ExitCode == 0 || finished.Stderr.Contains("nothing left to train", StringComparison.Ordinal),
            string.Join('\n', log) + "\n" + finished.Output);
        Assert.True(kills >= 3, "too few kills landed:\n" + string.Join('\n', log));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "checkpoint.bin")), File.ReadAllBytes(checkpoint));
        Assert.Empty(Directory.GetFiles(killed, "*.tmp-*"));
    }
}
