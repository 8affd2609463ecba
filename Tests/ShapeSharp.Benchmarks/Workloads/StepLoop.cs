using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ShapeSharp.Training;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// `-- steps MODEL VARIANT [steps] [--batch N] [--device cuda] [--precision bf16] [--profile trace.json]`: one
/// train-step variant and nothing else, in a loop, for a profiler: a sampling one on the CPU (`perf record -g
/// dotnet ... -- steps Encoder HandWritten 60`), or Kineto's with --profile (CPU ops and CUDA kernels of the
/// timed steps, after 5 warm-up steps; see <see cref="KinetoTrace"/>). The alternated mode interleaves the
/// variants, whose samples a profile could not tell apart.
/// </summary>
internal static class StepLoop
{
    public static int Run(string[] args)
    {
        (var batch, args) = TrainSetup.TakeBatch(args);
        (var device, args) = DeviceOption.Take(args);
        (var precision, args) = TrainSetup.TakePrecision(args);
        (var profile, args) = TakeProfile(args);
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: steps MODEL VARIANT [steps] [--batch N] [--device cpu|cuda] [--precision bf16|fp16] [--profile trace.json]");
            return 2;
        }

        var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        NativeMemory.KeepFreedMemory();
        using var setup = new TrainSetup(args[0], batch, device, precision);
        var variants = setup.Steps();
        var step = variants.FirstOrDefault(v => v.Name == args[1]).Step;
        if (step is null)
        {
            Console.Error.WriteLine($"VARIANT is one of {string.Join(", ", variants.Select(v => v.Name))}, not {args[1]}");
            return 2;
        }

        void Settle()
        {
            setup.Drain();
            DeviceOption.Synchronize(device);
        }

        var warmup = profile is null ? 0 : 5;
        for (var i = 0; i < warmup; i++)
        {
            step();
        }

        Settle();
        var trace = profile is null ? null : KinetoTrace.Start(profile);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            step();
        }

        Settle();
        var elapsed = clock.Elapsed;
        trace?.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{setup.Model} (batch {setup.Batch}) {args[1]} on {device}: {steps} steps, {elapsed.TotalMilliseconds / steps:F2} ms a step{(profile is null ? "" : " (profiled)")}"));
        return 0;
    }

    /// <summary>Takes `--profile PATH` out of a mode's arguments.</summary>
    private static (string? Path, string[] Others) TakeProfile(string[] args)
    {
        var at = Array.IndexOf(args, "--profile");
        if (at < 0)
        {
            return (null, args);
        }

        return at + 1 < args.Length
            ? (args[at + 1], args[..at].Concat(args[(at + 2)..]).ToArray())
            : throw new ArgumentException("--profile needs a file name for the trace.");
    }
}
