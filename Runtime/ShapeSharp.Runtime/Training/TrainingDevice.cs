using System;
using System.Globalization;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Chooses the device a run uses (<see cref="TrainOptions.Device"/>) and reads one from text, as a
/// command line's <c>--device auto|cpu|cuda|cuda:N</c> gives it.
/// </summary>
public static class TrainingDevice
{
    /// <summary>
    /// <paramref name="requested"/>, checked; null: CUDA when available, else the CPU.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// CUDA is asked for but absent, or its index is past the last GPU. Checked here because
    /// touching a missing CUDA device inside libtorch aborts the process instead of throwing.
    /// </exception>
    public static torch.Device Resolve(torch.Device? requested)
    {
        if (requested is null)
        {
            return torch.cuda.is_available() ? new torch.Device(DeviceType.CUDA) : torch.CPU;
        }

        if (Unavailable(requested) is string why)
        {
            throw new ArgumentException($"device {Describe(requested)}: {why}");
        }

        return requested;
    }

    /// <summary>Why <paramref name="device"/> cannot be used on this machine, or null when it can.</summary>
    public static string? Unavailable(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.type != DeviceType.CUDA)
        {
            return null;
        }

        if (!torch.cuda.is_available())
        {
            return "CUDA is not available here (no GPU, or TorchSharp's native library was built without CUDA).";
        }

        var count = torch.cuda.device_count();
        return device.index >= count
            ? $"this machine has {count} CUDA device{(count == 1 ? "" : "s")} (cuda:0..cuda:{count - 1})."
            : null;
    }

    /// <summary>
    /// "auto" (null: <see cref="Resolve"/> picks), "cpu", "cuda" or "cuda:N"; case is ignored.
    /// Only reads the text: whether the device exists is <see cref="Resolve"/>'s question.
    /// </summary>
    /// <exception cref="FormatException">The text is none of those.</exception>
    public static torch.Device? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        switch (value)
        {
            case "auto":
                return null;
            case "cpu":
                return torch.CPU;
            case "cuda":
                return new torch.Device(DeviceType.CUDA);  // not torch.CUDA: reading it initialises CUDA, which fails without it
        }

        if (value.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new torch.Device(DeviceType.CUDA, index);
        }

        throw new FormatException($"'{text}' is not a device; expected auto, cpu, cuda or cuda:N.");
    }

    /// <summary>"cpu", "cuda" or "cuda:N", as torch prints a device.</summary>
    public static string Describe(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var type = device.type.ToString().ToLowerInvariant();
        return device.index >= 0 ? $"{type}:{device.index}" : type;
    }
}
