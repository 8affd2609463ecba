using System;
using System.IO;
using System.Text.Json;

namespace ShapeSharp.Samples.Tests;

/// <summary>FashionMnist's --precision: bf16 trains FashionCnn with its [MixedPrecision] casts on and says so; a bad value is a usage error.</summary>
public sealed class PrecisionOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shapesharp-precision-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bf16_trains_in_mixed_precision_and_says_so()
    {
        var output = Path.Combine(_dir, "bf16");
        var result = SampleProcess.Run("FashionMnist", "--precision", "bf16", "--device", "cpu", "--epochs", "1", "--limit", "300", "--out", output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Precision: bf16 (mixed)\n", result.Stdout.Replace("\r\n", "\n"));
        Assert.Contains("Test accuracy", result.Stdout);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "history.json")));
        Assert.True(history.RootElement.GetRawText().Contains("loss", StringComparison.Ordinal));
    }

    [Fact]
    public void Precision_that_is_not_one_is_one_line_and_exit_2()
    {
        var result = SampleProcess.Run("FashionMnist", "--precision", "bf32", "--out", Path.Combine(_dir, "never"));
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}, expected 2\n{result.Output}");
        Assert.Contains("--precision: 'bf32' is not one of fp32, bf16, fp16.", result.Stderr);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
    }
}
