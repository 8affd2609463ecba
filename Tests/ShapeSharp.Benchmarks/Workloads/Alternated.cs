using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// Runs several variants of one operation in turn, step after step, in one process, timing each
/// call: on a shared machine whose load changes from minute to minute, every variant then sees the
/// same load. The order rotates each round so no variant always runs first (after the others' caches).
/// Managed bytes allocated per call (this thread's, as BenchmarkDotNet's memory diagnoser counts them)
/// are reported beside the times.
/// </summary>
internal static class Alternated
{
    public static void Run(string title, int rounds, int warmup, params (string Name, Action Call)[] variants) =>
        Run(title, rounds, warmup, synchronize: null, variants);

    /// <param name="synchronize">Called inside each timed call, after it: waits for a GPU's queued work.</param>
    public static void Run(string title, int rounds, int warmup, Action? synchronize, params (string Name, Action Call)[] variants)
    {
        var times = variants.Select(_ => new List<double>()).ToArray();
        var allocated = variants.Select(_ => new List<long>()).ToArray();
        var clock = new Stopwatch();
        for (var round = 0; round < warmup + rounds; round++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var i = (round + k) % variants.Length;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                clock.Restart();
                variants[i].Call();
                synchronize?.Invoke();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
                if (round >= warmup)
                {
                    times[i].Add(elapsed);
                    allocated[i].Add(bytes);
                }
            }
        }

        var medians = times.Select(t => Median(t)).ToArray();
        var minima = times.Select(t => t.Min()).ToArray();
        Console.WriteLine($"{title}: {rounds} rounds after {warmup} warm-up, ms; ratios to the first variant (of the minima, the least disturbed calls, and of the medians)");
        for (var i = 0; i < variants.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {variants[i].Name,-17} min {minima[i],8:F2}  median {medians[i],8:F2}  ratio {minima[i] / minima[0],5:F2} / {medians[i] / medians[0],5:F2}  allocated {allocated[i].Average() / 1024,7:F1} KB"));
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
