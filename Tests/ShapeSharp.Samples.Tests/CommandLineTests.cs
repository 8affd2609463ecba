using System;
using System.IO;
using System.Linq;

namespace ShapeSharp.Samples.Tests;

/// <summary>
/// The samples' command line as a careless or hostile user meets it (issue 16, item 5): every
/// mistake is one line on stderr naming what is wrong, with a documented exit code, and never a
/// stack trace; Ctrl-C writes a checkpoint and says where.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shapesharp-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertOneLineError(SampleResult result, int exit, string expected)
    {
        Assert.True(result.ExitCode == exit, $"exit {result.ExitCode}, expected {exit}\n{result.Output}");
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Output);  // no stack trace
        Assert.DoesNotContain("Unhandled exception", result.Output);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 2, "more than the error and a hint:\n" + result.Stderr);
    }

    [Theory]
    [InlineData("FashionMnist")]
    [InlineData("Xor")]
    public void Help_is_printed_on_stdout_with_exit_0(string sample)
    {
        var result = SampleProcess.Run(sample, "--help");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("--epochs", result.Stdout);
        Assert.Contains("Exit codes", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("--epochs", "abc", "not a whole number")]
    [InlineData("--epochs", "-1", "out of range")]
    [InlineData("--epochs", "99999999999", "out of range")]
    [InlineData("--batch-size", "0", "out of range")]
    [InlineData("--limit", "-1", "out of range")]
    public void A_bad_number_names_its_option_and_exits_2(string option, string value, string problem)
    {
        var result = SampleProcess.Run("FashionMnist", option, value, "--out", Path.Combine(_dir, "never"));
        AssertOneLineError(result, 2, $"{option}: ");
        Assert.Contains(problem, result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
    }

    [Fact]
    public void Epochs_0_evaluates_without_claiming_a_checkpoint()
    {
        var output = Path.Combine(_dir, "zero");
        var result = SampleProcess.Run("FashionMnist", "--epochs", "0", "--limit", "200", "--out", output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Test accuracy", result.Stdout);
        Assert.DoesNotContain("checkpoint.bin,", result.Stdout);
        Assert.Contains("no checkpoint", result.Stdout);
        Assert.False(File.Exists(Path.Combine(output, "checkpoint.bin")));
    }

    [Fact]
    public void An_unusable_out_is_found_before_any_data_is_read_or_epoch_trained()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "not a folder");
        var result = SampleProcess.Run("FashionMnist", "--out", Path.Combine(file, "run"));
        AssertOneLineError(result, 1, "--out");
        Assert.Contains("not a writable folder", result.Stderr);
        Assert.DoesNotContain("Epoch", result.Stdout);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_second_run_into_an_out_holding_results_is_refused_until_resume_or_overwrite()
    {
        var output = Path.Combine(_dir, "kept");
        var first = SampleProcess.Run("FashionMnist", "--epochs", "1", "--limit", "200", "--out", output);
        Assert.True(first.ExitCode == 0, first.Output);
        var checkpoint = Path.Combine(output, "checkpoint.bin");
        var before = File.ReadAllBytes(checkpoint);

        var again = SampleProcess.Run("FashionMnist", "--epochs", "1", "--limit", "200", "--out", output);
        AssertOneLineError(again, 1, "--resume");
        Assert.Contains("--overwrite", again.Stderr);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));   // the good results are untouched

        var fresh = SampleProcess.Run("FashionMnist", "--epochs", "1", "--limit", "200", "--out", output, "--overwrite");
        Assert.True(fresh.ExitCode == 0, fresh.Output);
    }

    [Fact]
    public void An_empty_data_set_is_one_line()
    {
        var data = Path.Combine(_dir, "empty");
        IdxFiles.WriteSet(data, train: 0, test: 0, rows: 28, columns: 28);
        var result = SampleProcess.Run("FashionMnist", "--data", data, "--out", Path.Combine(_dir, "out"));
        AssertOneLineError(result, 1, "0 training and 0 test images");
    }

    [Fact]
    public void Images_of_the_wrong_size_are_one_line()
    {
        var data = Path.Combine(_dir, "big");
        IdxFiles.WriteSet(data, train: 40, test: 10, rows: 32, columns: 32);
        var result = SampleProcess.Run("FashionMnist", "--data", data, "--out", Path.Combine(_dir, "out"));
        AssertOneLineError(result, 1, "32x32");
        Assert.Contains("28x28", result.Stderr);
    }

    [Fact]
    public void A_bad_checkpoint_is_one_line_and_verbose_adds_the_stack_trace()
    {
        var checkpoint = Path.Combine(_dir, "garbage.bin");
        File.WriteAllBytes(checkpoint, Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray());
        var args = new[] { "--resume", checkpoint, "--limit", "100", "--out", Path.Combine(_dir, "out") };
        var result = SampleProcess.Run("FashionMnist", args);
        AssertOneLineError(result, 1, "garbage.bin");

        var verbose = SampleProcess.Run("FashionMnist", args.Append("--verbose").ToArray());
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Stderr);
    }

    [Fact]
    public void Ctrl_c_stops_after_the_current_step_writes_a_checkpoint_says_where_and_the_run_resumes()
    {
        var output = Path.Combine(_dir, "stopped");
        string[] args = { "--limit", "1000", "--epochs", "2", "--out", output };
        var stopped = SampleProcess.Interrupt("FashionMnist", line => line.StartsWith("Epoch 1/2  ", StringComparison.Ordinal), args);
        var checkpoint = Path.Combine(output, "checkpoint.bin");
        Assert.True(stopped.ExitCode == 130, stopped.Output);
        Assert.Contains($"checkpoint written to {checkpoint}", stopped.Stdout);
        Assert.Contains("SIGINT", stopped.Stderr);
        Assert.DoesNotContain("   at ", stopped.Output);
        Assert.True(new FileInfo(checkpoint).Length > 0);

        var resumed = SampleProcess.Run("FashionMnist", args.Append("--resume").ToArray());
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("resuming at epoch", resumed.Stdout);
        Assert.Contains("Epoch 2/2  ", resumed.Stdout);
        Assert.Contains("Test accuracy", resumed.Stdout);
    }

    [Fact]
    public void Xor_rejects_a_bad_number_in_one_line()
    {
        var result = SampleProcess.Run("Xor", "--epochs", "0");
        AssertOneLineError(result, 2, "--epochs: 0 is out of range");
    }
}
