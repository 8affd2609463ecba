using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ShapeSharp.Samples.Tests;

/// <summary>What a sample process printed and how it ended.</summary>
internal sealed record SampleResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public void Deconstruct(out int exitCode, out string output) => (exitCode, output) = (ExitCode, Output);
}

/// <summary>Runs a built sample in its own process and captures what it prints.</summary>
internal static class SampleProcess
{
    private static string Metadata(string key) =>
        typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static SampleResult Run(string sample, params string[] args)
    {
        using var process = Start(sample, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{sample} did not finish in 5 minutes");
        return new SampleResult(process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>
    /// Starts the sample, sends SIGINT once a line of stdout matches <paramref name="when"/>, and
    /// returns how the process ended.
    /// </summary>
    public static SampleResult Interrupt(string sample, Func<string, bool> when, params string[] args)
    {
        using var process = Start(sample, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new List<string>();
        var sent = false;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            stdout.Add(line);
            if (!sent && when(line))
            {
                Assert.Equal(0, kill(process.Id, SigInt));
                sent = true;
            }
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{sample} did not finish in 5 minutes");
        Assert.True(sent, "the line to interrupt at never came:\n" + string.Join('\n', stdout));
        return new SampleResult(process.ExitCode, string.Join('\n', stdout), stderr.Result);
    }

    /// <summary>
    /// Starts the sample and SIGKILLs it after <paramref name="delay"/> (no handler runs, as when the
    /// machine loses power); null when it ended by itself first.
    /// </summary>
    public static SampleResult? KillAfter(string sample, TimeSpan delay, params string[] args)
    {
        using var process = Start(sample, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(delay))
        {
            Assert.Equal(0, kill(process.Id, SigKill));
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{sample} did not die");
            return null;
        }

        return new SampleResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private const int SigInt = 2;
    private const int SigKill = 9;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static Process Start(string sample, string[] args)
    {
        var dll = Path.Combine(Metadata("SamplesRoot"), sample, Metadata("SampleOutput"), sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
