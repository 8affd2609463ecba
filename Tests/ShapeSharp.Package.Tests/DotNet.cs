using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ShapeSharp.Package.Tests;

/// <summary>What a command printed and how it ended.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"{Command} exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI (or a built program) as a user would, in English, with the environment
/// given (a private NuGet packages folder), and keeps how long each command took.
/// </summary>
internal sealed class DotNet
{
    private readonly Dictionary<string, string> _environment;

    public DotNet(IReadOnlyDictionary<string, string>? environment = null)
        : this(environment, new List<string>())
    {
    }

    private DotNet(IReadOnlyDictionary<string, string>? environment, List<string> timings)
    {
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["DOTNET_CLI_UI_LANGUAGE"] = "en-US",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        Timings = timings;
    }

    public List<string> Timings { get; }

    /// <summary>The same, with one more environment variable; the timings go to the same list.</summary>
    public DotNet With(string name, string value) =>
        new(new Dictionary<string, string>(_environment) { [name] = value }, Timings);

    public CommandResult Run(string directory, params string[] args) => Start("dotnet", directory, args);

    /// <summary>Runs <paramref name="file"/> and fails the test unless it exits 0.</summary>
    public CommandResult Succeed(string file, string directory, params string[] args)
    {
        var result = Start(file, directory, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    public CommandResult Start(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var command = $"{file} {string.Join(' ', args)}";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish in 5 minutes:\n{stdout.Result}{stderr.Result}");
        }

        process.WaitForExit(); // the output streams are complete only after this
        clock.Stop();
        Timings.Add($"{clock.Elapsed.TotalSeconds,6:0.0} s  {command}");
        return new CommandResult(command, process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
