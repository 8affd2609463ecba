using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ShapeSharp.Package.Tests;

/// <summary>
/// A user outside the repository: installs the template from the local feed, makes a project,
/// restores ShapeSharp from that feed (and everything else from the machine's own NuGet source)
/// into a private packages folder, builds, trains; plants a shape mistake and gets exactly one
/// SS error where it is; publishes and runs the published program.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ConsumerTests
{
    private const string Mistake = "[Linear(64, In = 32), ReLU]";
    private const string MistakeMessage = "error SS0001: Linear states In = 32, but its input [B, 64] gives 64";

    private static readonly Regex Diagnostic = new(@"(?<where>\S*)\s*:\s+(?<severity>error|warning)\s+(?<id>[A-Z]+[0-9]+)\s*:\s*(?<message>.*)$", RegexOptions.Multiline);
    private static readonly Regex Accuracy = new(@"Test accuracy (?<percent>[0-9]+[.,][0-9]) %");

    private readonly PackageFeed _feed;
    private readonly ITestOutputHelper _output;

    public ConsumerTests(PackageFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
    }

    [Fact]
    public void A_project_from_the_template_builds_trains_reports_a_shape_mistake_and_publishes()
    {
        var root = Directory.CreateDirectory(Path.Combine(_feed.Root, "consumer")).FullName;
        // Nothing above the temp folder is this repository's, but an empty Directory.Build.* here
        // makes sure no stray one above it applies. NuGet reads this nuget.config together with the
        // machine's own (user-level) one: the local feed is added to the machine's usual source.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
        {
            File.WriteAllText(Path.Combine(root, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="shapesharp-local" value="{_feed.Feed}" />
              </packageSources>
            </configuration>
            """);

        // A private packages folder: a ShapeSharp of the same version cached by an earlier run is never used.
        var dotnet = new DotNet(new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") });
        try
        {
            Run(dotnet, root);
        }
        finally
        {
            _output.WriteLine("packing:\n" + _feed.PackTimings);
            _output.WriteLine("consumer:\n" + string.Join('\n', dotnet.Timings));
        }
    }

    private void Run(DotNet dotnet, string root)
    {
        var hive = Path.Combine(root, "template-hive");
        dotnet.Succeed("dotnet", root, "new", "install", _feed.Package("ShapeSharp.Templates"), "--debug:custom-hive", hive);
        dotnet.Succeed("dotnet", root, "new", "shapesharp", "-n", "MyModel", "--debug:custom-hive", hive);
        var project = Path.Combine(root, "MyModel");
        var model = Path.Combine(project, "Model.cs");
        Assert.True(File.Exists(model), $"the template made no Model.cs in {project}");

        dotnet.Succeed("dotnet", project, "restore");
        var restored = Path.Combine(root, "packages", "shapesharp", Repo.PackageVersion);
        Assert.True(Directory.Exists(restored), $"ShapeSharp was not restored into the private packages folder ({restored})");

        var build = dotnet.Succeed("dotnet", project, "build", "--no-restore");
        Assert.Empty(Diagnostics(build.Output));
        var generated = Path.Combine(project, "obj", "Generated", "ShapeSharp.Generator", "ShapeSharp.Generator.ShapeSharpGenerator", "MyModel.RingClassifier.g.cs");
        Assert.True(File.Exists(generated), $"the generated code is not on disk at {generated}");
        Assert.Contains("// [B, 64]", File.ReadAllText(generated), StringComparison.Ordinal);

        // One epoch: 63 steps of 64 points.
        var run = dotnet.Succeed("dotnet", project, "run", "--no-build", "--", "1");
        Assert.Contains("Total params: 4,547", run.Output, StringComparison.Ordinal);
        AssertLearned(run);

        // The mistake the template's README shows, where it shows it, and nothing else.
        var source = File.ReadAllText(model);
        var lines = source.Split('\n').ToList();
        var second = lines.FindLastIndex(l => l.TrimEnd() == "[Linear(64), ReLU]");
        Assert.True(second > lines.FindIndex(l => l.TrimEnd() == "[Linear(64), ReLU]"), "Model.cs no longer has two [Linear(64), ReLU] lines");
        lines[second] = Mistake;
        File.WriteAllText(model, string.Join('\n', lines));
        var line = second + 1;
        var column = Mistake.IndexOf("In = 32", StringComparison.Ordinal) + 1;

        var broken = dotnet.Run(project, "build", "--no-restore");
        Assert.NotEqual(0, broken.ExitCode);
        var diagnostic = Assert.Single(Diagnostics(broken.Output));
        Assert.Equal($"{model}({line},{column}): {MistakeMessage}", diagnostic);
        var readme = File.ReadAllText(Path.Combine(project, "README.md"));
        Assert.Contains($"Model.cs({line},{column}): {MistakeMessage}", readme, StringComparison.Ordinal);
        Assert.Contains(Mistake, readme, StringComparison.Ordinal);

        File.WriteAllText(model, source);
        var rid = RuntimeInformation.RuntimeIdentifier;
        var published = Path.Combine(root, "published");
        dotnet.Succeed("dotnet", project, "publish", "-r", rid, "-o", published);
        var program = Path.Combine(published, OperatingSystem.IsWindows() ? "MyModel.exe" : "MyModel");
        AssertLearned(dotnet.Succeed(program, root, "1"));
    }

    /// <summary>Better than always answering the largest ring (about half the points).</summary>
    private static void AssertLearned(CommandResult run)
    {
        var match = Accuracy.Match(run.Output);
        Assert.True(match.Success, $"no test accuracy in the output:\n{run.Output}");
        var percent = double.Parse(match.Groups["percent"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        Assert.True(percent > 60, $"test accuracy {percent} % after one epoch:\n{run.Output}");
    }

    /// <summary>Each distinct error or warning a build printed, without its help link and project.</summary>
    private static List<string> Diagnostics(string output) =>
        Diagnostic.Matches(output)
            .Select(m => Regex.Replace(m.Value.TrimEnd(), @"( \(https?://[^)]*\))?( \[[^\]]*\])?$", ""))
            .Distinct()
            .ToList();
}
