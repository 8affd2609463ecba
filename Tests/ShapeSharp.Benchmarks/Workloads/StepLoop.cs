using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ShapeSharp.Training;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// `-- steps MODEL VARIANT [steps] [--batch N]`: one train-step variant and nothing else, in a loop, for a
/// sampling profiler (`perf record -g dotnet ... -- steps Encoder HandWritten 60`): the alternated mode
/// interleaves five variants, whose samples a profile could not tell apart.
/// </summary>
internal static class StepLoop
{
    public static int Run(string[] args)
    {
        (var batch, args) = TrainSetup.TakeBatch(args);
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: steps MODEL VARIANT [steps] [--batch N]");
            return 2;
        }

        var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        NativeMemory.KeepFreedMemory();
        using var setup = new TrainSetup(args[0], batch);
        var variants = setup.Steps();
        var step = variants.FirstOrDefault(v => v.Name == args[1]).Step;
        if (step is null)
        {
            Console.Error.WriteLine($"VARIANT is one of {string.Join(", ", variants.Select(v => v.Name))}, not {args[1]}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            step();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{setup.Model} (batch {setup.Batch}) {args[1]}: {steps} steps, {clock.Elapsed.TotalMilliseconds / steps:F1} ms a step"));
        return 0;
    }
}
