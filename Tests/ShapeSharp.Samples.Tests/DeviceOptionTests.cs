using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TorchSharp;

namespace ShapeSharp.Samples.Tests;

/// <summary>FashionMnist's --device: where it trains and evaluates, said once; a device that is not there is a usage error.</summary>
public sealed class DeviceOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shapesharp-device-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertUsageLine(SampleResult result, string expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}, expected 2\n{result.Output}");
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.Equal(2, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);  // the error and the --help hint
        Assert.DoesNotContain("Fashion-MNIST from", result.Stdout);  // refused before any data was read
    }

    [Fact]
    public void Device_cpu_trains_and_evaluates_there_and_says_so_once()
    {
        var result = SampleProcess.Run("FashionMnist", "--device", "cpu", "--epochs", "1", "--limit", "200", "--out", Path.Combine(_dir, "cpu"));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Single(Regex.Matches(result.Stdout, "^Device: ", RegexOptions.Multiline));
        Assert.Contains("Device: cpu\n", result.Stdout.Replace("\r\n", "\n"));
        Assert.Contains("Test accuracy", result.Stdout);
    }

    [Fact]
    public void Auto_is_the_default_and_names_the_device_it_chose()
    {
        var result = SampleProcess.Run("FashionMnist", "--epochs", "0", "--limit", "100", "--out", Path.Combine(_dir, "auto"));
        Assert.True(result.ExitCode == 0, result.Output);
        var expected = torch.cuda.is_available() ? "Device: cuda (auto)" : "Device: cpu (auto)";
        Assert.Single(result.Stdout.Split('\n'), line => line.StartsWith("Device: ", StringComparison.Ordinal));
        Assert.Contains(expected, result.Stdout);
    }

    [NoCudaFact]
    public void Cuda_without_cuda_is_one_line_and_exit_2()
    {
        var result = SampleProcess.Run("FashionMnist", "--device", "cuda", "--out", Path.Combine(_dir, "never"));
        AssertUsageLine(result, "--device cuda: CUDA is not available here");
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    public void A_device_that_is_not_one_is_one_line_and_exit_2(string device)
    {
        var result = SampleProcess.Run("FashionMnist", "--device", device, "--out", Path.Combine(_dir, "never"));
        AssertUsageLine(result, $"--device: '{device}' is not a device; expected auto, cpu, cuda or cuda:N.");
    }
}
