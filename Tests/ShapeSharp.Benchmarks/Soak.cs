using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// The memory soak: many train steps of the Fashion CNN on the bundled data through the generated
/// TrainStep, with the process's resident set sampled. A leak of native tensors shows as RSS that
/// keeps growing after the allocator has warmed up; the report is the growth from step 1k to the end,
/// and the trend of a least-squares line through every sample from step 1k on (with glibc's defaults
/// RSS moves by several percent either way as the allocator returns and retakes memory, so two
/// samples alone can show a "growth" that is noise). NativeMemory keeps freed memory in the
/// process, as in the timing benchmarks: RSS then only grows if memory is really held.
/// </summary>
internal static class Soak
{
    public static int Run(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var every = Math.Max(1, steps / 20);
        NativeMemory.KeepFreedMemory();
        torch.manual_seed(1);
        var (train, _) = FashionMnist.Load(Path.Combine(AppContext.BaseDirectory, "data"));
        var loader = new DataLoader(train, 64, shuffle: true, seed: 1);
        using var model = new FashionCnn();
        using var optimizer = model.CreateOptimizer();
        var context = new TrainContext(model, optimizer, FashionCnn.TrainingDefaults.ResolveLoss(null), model.CreateSchedule(optimizer, steps));
        model.train();

        Console.WriteLine($"soak: {steps} train steps of FashionCnn, batch 64, RSS every {every} steps; {NativeMemory.Setting}");
        Console.WriteLine("step      RSS MiB   managed MiB   ms/step");
        var clock = Stopwatch.StartNew();
        double? atFirstK = null;
        var samples = new List<(double Step, double Rss)>();
        double last = 0;
        var step = 0;
        var sinceSample = Stopwatch.StartNew();
        while (step < steps)
        {
            foreach (var batch in loader)
            {
                model.TrainStep(context, batch.Input, batch.Target);
                step++;
                if (step % every == 0 || step == 1000)
                {
                    last = ResidentMiB();
                    if (step == 1000)
                    {
                        atFirstK = last;
                    }

                    if (step >= 1000)
                    {
                        samples.Add((step, last));
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{step,6}  {last,10:0.0}  {GC.GetTotalMemory(false) / 1048576.0,12:0.0}  {sinceSample.Elapsed.TotalMilliseconds / every,8:0.00}"));
                    sinceSample.Restart();
                }

                if (step == steps)
                {
                    break;
                }
            }
        }

        Console.WriteLine($"{steps} steps in {clock.Elapsed.TotalSeconds:0.0} s");
        if (atFirstK is double start)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS growth from step 1000 to {steps}: {start:0.0} -> {last:0.0} MiB = {100 * (last - start) / start:+0.00;-0.00}%"));
        }

        if (samples.Count >= 3)
        {
            var (meanStep, meanRss) = (samples.Average(p => p.Step), samples.Average(p => p.Rss));
            var slope = samples.Sum(p => (p.Step - meanStep) * (p.Rss - meanRss)) / samples.Sum(p => (p.Step - meanStep) * (p.Step - meanStep));
            var span = samples[^1].Step - samples[0].Step;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS trend from step 1000 (least squares over {samples.Count} samples): {slope * span:+0.0;-0.0} MiB over {span:0} steps = {100 * slope * span / meanRss:+0.00;-0.00}%; samples {samples.Min(p => p.Rss):0.0}-{samples.Max(p => p.Rss):0.0} MiB"));
        }

        train.Dispose();
        return 0;
    }

    private static double ResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
