using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>`--device cpu|cuda` of the train-step, forward and cuda-check modes.</summary>
internal static class DeviceOption
{
    /// <summary>
    /// Takes `--device D` out of a mode's arguments: the device (CPU when absent) and the other arguments.
    /// Throws ArgumentException when CUDA is asked for and unavailable (before TorchSharp's CUDA device is touched: that aborts).
    /// </summary>
    public static (Device Device, string[] Others) Take(string[] args)
    {
        var at = Array.IndexOf(args, "--device");
        if (at < 0)
        {
            return (CPU, args);
        }

        if (at + 1 >= args.Length)
        {
            throw new ArgumentException("--device needs a value: cpu or cuda.");
        }

        var device = args[at + 1].ToLowerInvariant() switch
        {
            "cpu" => CPU,
            "cuda" => Unavailable(DeviceType.CUDA) is { } why ? throw new ArgumentException(why) : CUDA,
            var other => throw new ArgumentException($"--device {other}: expected cpu or cuda."),
        };
        return (device, args[..at].Concat(args[(at + 2)..]).ToArray());
    }

    /// <summary>Why <paramref name="device"/> cannot be used here, or null when it can.</summary>
    public static string? Unavailable(DeviceType device) =>
        device == DeviceType.CUDA && !cuda.is_available()
            ? "--device cuda: CUDA is not available here (no GPU, or TorchSharp's native library was built without CUDA)."
            : null;

    /// <summary>
    /// Waits for the device's queued work. A generated step reads its loss (which synchronises) before
    /// backward and the optimizer step are queued, so without this a CUDA step's time would be billed to
    /// the next call.
    /// </summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
