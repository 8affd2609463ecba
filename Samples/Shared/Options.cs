using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp.Samples;

/// <summary>Typed, range-checked options whose errors name the option and the allowed range.</summary>
internal static class Options
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) =>
        new(name)
        {
            Description = $"{description} ({min}..{max})",
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => (int)Parse(result, name, min, max, defaultValue),
        };

    public static Option<int?> OptionalInt(string name, string description, int min, int max) =>
        new(name)
        {
            Description = $"{description} ({min}..{max})",
            HelpName = "N",
            CustomParser = result => result.Tokens.Count == 0 ? null : (int)Parse(result, name, min, max, 0),
        };

    public static Option<long> Long(string name, string description, long defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, long.MinValue, long.MaxValue, defaultValue),
        };

    /// <summary>
    /// --device auto|cpu|cuda|cuda:N: null for auto (CUDA when available, else the CPU). A device this
    /// machine lacks is a command-line error (exit 2) before anything is read or trained.
    /// </summary>
    public static Option<torch.Device?> Device() =>
        new("--device")
        {
            Description = "Where to train and evaluate: auto (CUDA when available, else the CPU), cpu, cuda or cuda:N",
            HelpName = "DEVICE",
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return null;
                }

                var token = result.Tokens[^1].Value;
                torch.Device? device;
                try
                {
                    device = TrainingDevice.Parse(token);
                }
                catch (FormatException e)
                {
                    result.AddError($"--device: {e.Message}");
                    return null;
                }

                if (device is not null && TrainingDevice.Unavailable(device) is string why)
                {
                    result.AddError($"--device {token}: {why}");
                }

                return device;
            },
        };

    /// <summary>--precision fp32|bf16|fp16: the compute type of a [MixedPrecision] model (TrainOptions.Precision).</summary>
    public static Option<DType> Precision() =>
        new("--precision")
        {
            Description = "fp32, or mixed precision: bf16 (bfloat16 matmuls and convolutions) or fp16 (float16 with loss scaling)",
            HelpName = "fp32|bf16|fp16",
            DefaultValueFactory = _ => DType.Float32,
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 0 ? "fp32" : result.Tokens[^1].Value;
                switch (token.ToLowerInvariant())
                {
                    case "fp32":
                        return DType.Float32;
                    case "bf16":
                        return DType.BFloat16;
                    case "fp16":
                        return DType.Float16;
                    default:
                        result.AddError($"--precision: '{token}' is not one of fp32, bf16, fp16.");
                        return DType.Float32;
                }
            },
        };

    public static Option<bool> Verbose() => new("--verbose") { Description = "On an error, print the exception's stack trace too" };

    /// <summary>A whole number in [min, max]; anything else is a parse error naming the option.</summary>
    private static long Parse(ArgumentResult result, string name, long min, long max, long fallback)
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }

        var token = result.Tokens[^1].Value;
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name}: '{token}' is not a whole number ({min}..{max}).");
            return fallback;
        }

        if (value < min || value > max)
        {
            result.AddError($"{name}: {token} is out of range; it must be {min}..{max}.");
            return fallback;
        }

        return value;
    }
}
