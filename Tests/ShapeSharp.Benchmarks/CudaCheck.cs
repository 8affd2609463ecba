using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using ShapeSharp.Benchmarks.Workloads;
using ShapeSharp.Optimizers;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// `-- cuda-check`: each model (see <see cref="CudaModel.All"/>) moved to CUDA must compute what it
/// computed on the CPU from the same weights, train a few steps with its generated TrainStep and
/// ShapeSharp's fused AdamW (a plain loop for two-input models, which have none) with every parameter (so the flat buffer) on CUDA, keep a tied weight
/// tied, and run its forward in bf16 with finite results. One PASS/FAIL line per model; non-zero exit on any FAIL.
/// </summary>
internal static class CudaCheck
{
    private const int Steps = 5;

    // cuDNN convolutions may use TF32 on CUDA (libtorch's default), about 1e-3 relative: the bar is the output's scale times 1e-2.
    private const double RelativeTolerance = 1e-2;

    /// <summary>`cuda-check [--device cpu]`: CUDA unless told otherwise (on the CPU every move is a no-op: a dry run of the checks).</summary>
    public static int Run(string[] args)
    {
        if (!args.Contains("--device") && DeviceOption.Unavailable(DeviceType.CUDA) is { } why)
        {
            Console.Error.WriteLine($"cuda-check: {why}");
            return 1;
        }

        Device device;
        try
        {
            device = args.Contains("--device") ? DeviceOption.Take(args).Device : CUDA;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"cuda-check: {e.Message}");
            return 2;
        }

        var failures = 0;
        foreach (var model in CudaModel.All())
        {
            string line;
            try
            {
                line = "PASS " + Check(model, device);
            }
            catch (Exception e)
            {
                line = $"FAIL {model.Name}: {e.GetType().Name}: {e.Message.Split('\n')[0]}";
            }

            failures += line.StartsWith("FAIL", StringComparison.Ordinal) ? 1 : 0;
            Console.WriteLine(line);
        }

        Console.WriteLine(failures == 0 ? "cuda-check: all passed" : $"cuda-check: {failures} failed");
        return failures == 0 ? 0 : 1;
    }

    private static string Check(CudaModel model, Device device)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var module = model.Create();
        var (x, y) = model.Batch();
        module.eval();
        Tensor expected;
        using (no_grad())
        {
            expected = CudaModel.Forward(module, x).detach();
        }

        module.to(device);
        var (gx, gy) = (x.Select(t => t.to(device)).ToArray(), y.to(device));
        Require(module.parameters().All(p => p.device_type == device.type), $"a parameter is not on {device} after .to({device})");
        RequireTie(module, $"after .to({device})");
        double difference;
        using (no_grad())
        {
            var actual = CudaModel.Forward(module, gx).cpu();
            difference = (actual - expected).abs().max().item<float>();
            var scale = Math.Max(1.0, expected.abs().max().item<float>());
            Require(difference <= RelativeTolerance * scale, $"the {device} forward differs from the CPU's by {difference:G3} (scale {scale:G3})");
        }

        module.train();
        var losses = new List<float>();
        using (var optimizer = new FusedAdamW(module.parameters(), lr: 1e-3, weightDecay: 0.01))
        {
            var context = new TrainContext(module, optimizer, model.Loss);
            for (var step = 0; step < Steps; step++)
            {
                losses.Add(model.Step(module, context, gx, gy));
            }

            Require(module.parameters().All(p => p.device_type == device.type), $"a parameter left {device} in the fused steps");
            var storages = module.parameters().Select(StorageAddress).Distinct().Count();
            Require(storages < module.parameters().Count(), $"the parameters are not views of a flat buffer ({storages} storages)");
            RequireTie(module, "after the fused steps");
        }

        module.eval();
        module.bfloat16();
        RequireTie(module, "after .bfloat16()");
        using (no_grad())
        {
            var low = CudaModel.Forward(module, gx.Select(t => t.is_floating_point() ? t.to(ScalarType.BFloat16) : t).ToArray());
            Require(low.dtype == ScalarType.BFloat16, $"the bf16 forward returned {low.dtype}");
            Require(low.isfinite().all().item<bool>(), "the bf16 forward gave non-finite values");
        }

        module.Dispose();
        return string.Create(CultureInfo.InvariantCulture,
            $"{model.Name}: {device} vs CPU max difference {difference:G3}; {Steps} fused AdamW steps on {device}, loss {losses[0]:G4} -> {losses[^1]:G4}; bf16 forward finite");
    }

    /// <summary>GptMini's head shares the token embedding's storage; the check is whether a move keeps that.</summary>
    private static void RequireTie(nn.Module module, string when)
    {
        var state = module.state_dict();
        if (state.TryGetValue("head.weight", out var head) && state.TryGetValue("token_embed.weight", out var embedding))
        {
            Require(StorageAddress(head) == StorageAddress(embedding), $"the tied head left the embedding {when}");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Where a tensor's data lives (TorchSharp keeps Storage.data_ptr protected).</summary>
    private static IntPtr StorageAddress(Tensor tensor) => StorageDataPointer(tensor.Handle);

    [DllImport("LibTorchSharp", EntryPoint = "THSStorage_data_ptr")]
    private static extern IntPtr StorageDataPointer(IntPtr tensor);
}
