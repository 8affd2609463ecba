using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Training;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// Forward only, same models and batches as the train step: the generated model with and without
/// its input guard (CheckInputShapes) against the hand-written twin (see <see cref="ForwardSetup"/>).
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private ForwardSetup _setup = null!;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "Mlp";

    public static string[] Models => ModelCase.Names;

    [GlobalSetup]
    public void Setup()
    {
        NativeMemory.KeepFreedMemory();
        _setup = new ForwardSetup(Model);
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public void HandWritten() => _setup.HandWritten();

    [Benchmark]
    public void Generated() => _setup.Generated();

    [Benchmark]
    public void GeneratedNoGuard() => _setup.GeneratedNoGuard();

    /// <summary>`-- forward [rounds] [models...] [--device cpu|cuda]`: the three forwards alternated in one process.</summary>
    public static int Alternate(string[] args)
    {
        (var device, args) = DeviceOption.Take(args);
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var models = args.Length > 1 ? args[1..] : ModelCase.Names;
        NativeMemory.KeepFreedMemory();
        Console.WriteLine($"Forward (eval, no_grad), alternated; device {device}; {get_num_threads()} torch threads; {NativeMemory.Setting}");
        foreach (var model in models)
        {
            using var setup = new ForwardSetup(model, device);
            var difference = Twins.RequireSame(model, setup.TwinDifference());
            Alternated.Run(model, rounds, warmup: 5, () => DeviceOption.Synchronize(device),
                ("HandWritten", setup.HandWritten),
                ("Generated", setup.Generated),
                ("GeneratedNoGuard", setup.GeneratedNoGuard));
        }

        return 0;
    }
}
