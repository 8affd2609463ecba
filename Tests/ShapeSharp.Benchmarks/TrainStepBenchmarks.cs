using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Training;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// One training step per model (Fashion CNN, MLP 784-512-512-10, 4-layer Transformer encoder
/// classifier, GPT-mini): the generated TrainStep against the same step written by hand in
/// TorchSharp, same layers, same weights, same AdamW settings, same batch (see <see cref="TrainSetup"/>).
/// The ratio column is the claim: Generated (same optimizer) shows what the generated code costs,
/// GeneratedFused and GeneratedOnePass (FusedAdamW op by op, and with libtorch's one-pass kernel)
/// what ShapeSharp gains.
/// </summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private TrainSetup _setup = null!;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "Mlp";

    public static string[] Models => ModelCase.Names;

    [GlobalSetup]
    public void Setup()
    {
        NativeMemory.KeepFreedMemory();
        _setup = new TrainSetup(Model);
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public float HandWritten() => _setup.HandWritten();

    [Benchmark]
    public float Generated() => _setup.Generated();

    [Benchmark]
    public float GeneratedFused() => _setup.GeneratedFused();

    [Benchmark]
    public float GeneratedOnePass() => _setup.GeneratedOnePass();

    [Benchmark]
    public float NoOptimizer() => _setup.NoOptimizer();

    /// <summary>
    /// `-- train-step [rounds] [models...] [--batch N] [--device cpu|cuda] [--precision bf16|fp16]`: the steps alternated in one process, min and
    /// median per model, after checking that each twin computes what the generated model computes.
    /// NoOptimizer is the floor: the same forward and backward with no optimizer at all. With --precision,
    /// GeneratedOnePass and NoOptimizer again with the model's [MixedPrecision] casts on (GeneratedOnePassBf16, NoOptimizerBf16).
    /// </summary>
    public static int Alternate(string[] args)
    {
        (var batch, args) = TrainSetup.TakeBatch(args);
        (var device, args) = DeviceOption.Take(args);
        (var precision, args) = TrainSetup.TakePrecision(args);
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var models = args.Length > 1 ? args[1..] : ModelCase.Names;
        NativeMemory.KeepFreedMemory();
        Console.WriteLine($"Train step, alternated; device {device}; {get_num_threads()} torch threads; {NativeMemory.Setting}");
        foreach (var model in models)
        {
            using var setup = new TrainSetup(model, batch, device, precision);
            var difference = Twins.RequireSame(model, setup.TwinDifference());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model}: generated and hand-written outputs differ by at most {difference:G3}"));
            Alternated.Run($"{model} (batch {setup.Batch})", rounds, warmup: 5, () =>
                {
                    setup.Drain();
                    DeviceOption.Synchronize(device);
                },
                setup.Steps().Select(s => (s.Name, (Action)(() => s.Step()))).ToArray());
        }

        return 0;
    }
}
