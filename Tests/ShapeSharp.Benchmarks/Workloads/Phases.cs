using System;
using System.Globalization;
using System.Linq;
using ShapeSharp.Training;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// `-- phases [steps] [models...] [--batch N] [--device cuda]`: where a step's host time goes. The floor
/// step (forward, loss, backward, no optimizer) of the generated model and of its hand-written twin,
/// alternated, each timed in three phases (<see cref="TrainSetup.FloorPhases"/>); medians in ms.
/// pytorch/train_step.py --phases prints the same for PyTorch's floor. At small batches on a GPU the
/// step is bound by host work, and this splits it into what the binding costs (the forward) and what
/// libtorch's autograd engine costs either side the same (the backward).
/// </summary>
internal static class Phases
{
    private const int Warmup = 10;

    public static int Run(string[] args)
    {
        (var batch, args) = TrainSetup.TakeBatch(args);
        (var device, args) = DeviceOption.Take(args);
        var steps = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 50;
        var models = args.SkipWhile(a => int.TryParse(a, CultureInfo.InvariantCulture, out _)).ToArray();
        NativeMemory.KeepFreedMemory();
        foreach (var model in models.Length > 0 ? models : ModelCase.Names)
        {
            using var setup = new TrainSetup(model, batch, device);
            var times = new[] { false, true }.ToDictionary(h => h, _ => new (double Forward, double Backward, double Wait)[steps]);
            for (var i = 0; i < Warmup + steps; i++)
            {
                foreach (var handWritten in times.Keys)
                {
                    var phases = setup.FloorPhases(handWritten);
                    if (i >= Warmup)
                    {
                        times[handWritten][i - Warmup] = phases;
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{setup.Model} (batch {setup.Batch}) on {device}: floor phases, medians of {steps} steps after {Warmup} warm-up, ms"));
            foreach (var (handWritten, t) in times)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(handWritten ? "hand-written" : "generated"),-13} forward {Alternated.Median(t.Select(p => p.Forward)),6:F2}  backward {Alternated.Median(t.Select(p => p.Backward)),6:F2}  wait {Alternated.Median(t.Select(p => p.Wait)),6:F2}  step {Alternated.Median(t.Select(p => p.Forward + p.Backward + p.Wait)),6:F2}"));
            }
        }

        return 0;
    }
}
