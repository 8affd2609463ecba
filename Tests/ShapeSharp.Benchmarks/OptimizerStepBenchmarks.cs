using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ShapeSharp.Optimizers;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// One AdamW step with gradients already filled, TorchSharp's AdamW against FusedAdamW (op by op, and
/// with libtorch's one-pass kernel), on two
/// parameter sets: "GptMini", a 1000x256 embedding and 4 layers of d=256 (LayerNorm, Linear(256,768),
/// Linear(256,256), Linear(256,1024), Linear(1024,256)): 41 tensors, 3.4M values; and "ManySmall",
/// the same shape of model at d=64 with 12 layers: 121 tensors, 0.66M values. The optimizers keep
/// stepping on the same gradients, so every iteration does the same work.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private List<Parameter> _torchParameters = null!;
    private List<Parameter> _fusedParameters = null!;
    private List<Parameter> _onePassParameters = null!;
    private optim.Optimizer _torch = null!;
    private FusedAdamW _fused = null!;
    private FusedAdamW _onePass = null!;

    [Params("GptMini", "ManySmall")]
    public string Set { get; set; } = "GptMini";

    [GlobalSetup]
    public void Setup()
    {
        NativeMemory.KeepFreedMemory();
        var (layers, width) = Set == "GptMini" ? (4, 256L) : (12, 64L);
        _torchParameters = TransformerParameters(layers, width, seed: 1);
        _fusedParameters = TransformerParameters(layers, width, seed: 1);
        _onePassParameters = TransformerParameters(layers, width, seed: 1);
        _torch = optim.AdamW(_torchParameters, 1e-3, 0.9, 0.999, 1e-8, weight_decay: 0.01);
        _fused = new FusedAdamW(_fusedParameters, 1e-3, weightDecay: 0.01);
        _onePass = new FusedAdamW(_onePassParameters, 1e-3, weightDecay: 0.01, onePass: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch.Dispose();
        _fused.Dispose();
        _onePass.Dispose();
        foreach (var p in _torchParameters.Concat(_fusedParameters).Concat(_onePassParameters))
        {
            p.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public void TorchSharpAdamW() => _torch.step();

    [Benchmark]
    public void FusedAdamW() => _fused.step();

    /// <summary>FusedAdamW with libtorch's one-pass kernel (equal to rounding, not bit for bit).</summary>
    [Benchmark]
    public void FusedAdamWOnePass() => _onePass.step();

    /// <summary>
    /// The same two steps alternated in one process (`-- optimizer-step [steps]`, GptMini), timed
    /// step by step: on a shared machine whose load changes from minute to minute, alternating gives
    /// both the same load, and the early steps (where TorchSharp's per-parameter temporaries are
    /// still fresh allocations) are shown apart from the steady state.
    /// </summary>
    public static int Interleaved(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var benchmark = new OptimizerStepBenchmarks();
        benchmark.Setup();
        var (torch, fused, onePass) = (new List<double>(), new List<double>(), new List<double>());
        var clock = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            clock.Restart();
            benchmark.TorchSharpAdamW();
            torch.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            benchmark.FusedAdamW();
            fused.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            benchmark.FusedAdamWOnePass();
            onePass.Add(clock.Elapsed.TotalMilliseconds);
        }

        benchmark.Cleanup();
        static string Describe(IEnumerable<double> times)
        {
            var sorted = times.OrderBy(t => t).ToList();
            return $"min {sorted[0],6:F1}  median {sorted[sorted.Count / 2],6:F1}  max {sorted[^1],7:F1} ms";
        }

        Console.WriteLine($"AdamW step on GptMini, TorchSharp, fused and one-pass alternated, {get_num_threads()} torch threads; {NativeMemory.Setting}");
        foreach (var (from, count) in new[] { (0, Math.Min(50, steps)), (steps / 2, steps - steps / 2) })
        {
            Console.WriteLine($"  steps {from + 1}-{from + count}: TorchSharp AdamW  {Describe(torch.Skip(from).Take(count))}");
            Console.WriteLine($"  steps {from + 1}-{from + count}: FusedAdamW        {Describe(fused.Skip(from).Take(count))}");
            Console.WriteLine($"  steps {from + 1}-{from + count}: FusedAdamW 1-pass {Describe(onePass.Skip(from).Take(count))}");
        }

        return 0;
    }

    /// <summary>A 1000-token embedding, then per layer a LayerNorm and the attention and MLP linears.</summary>
    private static List<Parameter> TransformerParameters(int layers, long d, long seed)
    {
        var shapes = new List<long[]> { new long[] { 1000, d } };
        for (var layer = 0; layer < layers; layer++)
        {
            shapes.Add(new long[] { d });
            shapes.Add(new long[] { d });
            foreach (var (outputs, inputs) in new[] { (3 * d, d), (d, d), (4 * d, d), (d, 4 * d) })
            {
                shapes.Add(new[] { outputs, inputs });
                shapes.Add(new[] { outputs });
            }
        }

        using var generator = new torch.Generator((ulong)seed);
        return shapes.Select(shape =>
        {
            var p = new Parameter(randn(shape, generator: generator).mul_(0.02));
            p.grad = randn(shape, generator: generator).mul_(0.01);
            return p;
        }).ToList();
    }
}
