using System;
using System.Globalization;
using System.IO;

namespace ShapeSharp.Samples.FashionMnist;

/// <summary>The command line: --data DIR, --epochs N, --out DIR, --resume FILE, --rebase, --batch-size N, --seed N, --limit N.</summary>
internal sealed record Options(string Data, int Epochs, string Out, string? Resume, int BatchSize, long Seed, long? Limit, bool Rebase = false)
{
    public const string Usage =
        "usage: FashionMnist [--data DIR] [--epochs N] [--out DIR] [--resume CHECKPOINT [--rebase]] [--batch-size N] [--seed N] [--limit N]";

    public static Options Parse(string[] args)
    {
        var options = new Options(
            Path.Combine(AppContext.BaseDirectory, "data"), 4, Path.Combine("out", "fashion-mnist"), null, 64, 1, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--data" => options with { Data = Value() },
                "--epochs" => options with { Epochs = Int() },
                "--out" => options with { Out = Value() },
                "--resume" => options with { Resume = Value() },
                "--rebase" => options with { Rebase = true },
                "--batch-size" => options with { BatchSize = Int() },
                "--seed" => options with { Seed = Int() },
                "--limit" => options with { Limit = Int() },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options;
    }
}
