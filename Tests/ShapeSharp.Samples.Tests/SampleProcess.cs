using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ShapeSharp.Samples.Tests;

/// <summary>Runs a built sample in its own process and captures what it prints.</summary>
internal static class SampleProcess
{
    private static string Metadata(string key) =>
        typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static (int ExitCode, string Output) Run(string sample, params string[] args)
    {
        var dll = Path.Combine(Metadata("SamplesRoot"), sample, Metadata("SampleOutput"), sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{sample} did not finish in 5 minutes");
        return (process.ExitCode, stdout + stderr.Result);
    }
}
