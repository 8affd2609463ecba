using System;
using BenchmarkDotNet.Running;
using ShapeSharp.Benchmarks;

// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- soak [steps]      memory soak (not in CI)
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- optimizer-step [steps]   AdamW steps, TorchSharp and fused alternated
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- train-step [rounds] [models] [--batch N] [--device cuda] [--precision bf16]   train steps, alternated
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- forward [rounds] [models]      forward with/without the input guard and by hand, alternated
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- generator [runs]               the generator over Definitions: cold, after an unrelated edit
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- analyzer [runs]                the analyzer over Definitions: cold, on bound declarations, one document
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- cuda-check                     every model on CUDA: forward vs CPU, fused steps, tie, bf16
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- steps MODEL VARIANT [steps] [--device cuda] [--profile trace.json]   one train-step variant in a loop, for a profiler
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- phases [steps] [models] [--batch N] [--device cuda]   the floor step's host time: forward, backward, wait
// dotnet run -c Release --project Tests/ShapeSharp.Benchmarks -- [BenchmarkDotNet args]  benchmarks
if (args.Length > 0 && args[0] == "soak")
{
    return Soak.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "optimizer-step")
{
    return OptimizerStepBenchmarks.Interleaved(args[1..]);
}

try
{
    if (args.Length > 0 && args[0] == "train-step")
    {
        return TrainStepBenchmarks.Alternate(args[1..]);
    }

    if (args.Length > 0 && args[0] == "forward")
    {
        return ForwardBenchmarks.Alternate(args[1..]);
    }

    if (args.Length > 0 && args[0] == "phases")
    {
        return ShapeSharp.Benchmarks.Workloads.Phases.Run(args[1..]);
    }

    if (args.Length > 0 && args[0] == "steps")
    {
        return ShapeSharp.Benchmarks.Workloads.StepLoop.Run(args[1..]);
    }
}
catch (ArgumentException e)
{
    // A bad option (--device tpu, --batch without a number): one line, not a stack trace.
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 2;
}

if (args.Length > 0 && args[0] == "cuda-check")
{
    return CudaCheck.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "generator")
{
    return GeneratorBenchmarks.Alternate(args[1..]);
}

if (args.Length > 0 && args[0] == "analyzer")
{
    return AnalyzerBenchmarks.Alternate(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Soak).Assembly).Run(args);
return 0;
