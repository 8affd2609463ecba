using System;
using System.Diagnostics;
using System.Globalization;
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
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: steps MODEL VARIANT [steps] [--batch N]; VARIANT: HandWritten, Generated, GeneratedFused, GeneratedOnePass, NoOptimizer");
            return 2;
        }

        var batchAt = Array.IndexOf(args, "--batch");
        int? batch = batchAt >= 0 ? int.Parse(args[batchAt + 1], CultureInfo.InvariantCulture) : null;
        var steps = args.Length > 2 && args[2] != "--batch" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        NativeMemory.KeepFreedMemory();
        using var setup = new TrainSetup(args[0], batch);
        Func<float> step = args[1] switch
        {
            "HandWritten" => setup.HandWritten,
            "Generated" => setup.Generated,
            "GeneratedFused" => setup.GeneratedFused,
            "GeneratedOnePass" => setup.GeneratedOnePass,
            "NoOptimizer" => setup.NoOptimizer,
            _ => throw new ArgumentOutOfRangeException(nameof(args), args[1], "VARIANT: HandWritten, Generated, GeneratedFused, GeneratedOnePass, NoOptimizer."),
        };

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
