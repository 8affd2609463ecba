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

        // The repository's README makes the same claim about its first model, which is this one.
        var repositoryReadme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        Assert.Contains($"`{Mistake}`", repositoryReadme, StringComparison.Ordinal);
        Assert.Contains($"`{MistakeMessage}`", repositoryReadme, StringComparison.Ordinal);

        File.WriteAllText(model, source);
        var rid = RuntimeInformation.RuntimeIdentifier;
        var published = Path.Combine(root, "published");
        dotnet.Succeed("dotnet", project, "publish", "-r", rid, "-o", published);
        var program = Path.Combine(published, OperatingSystem.IsWindows() ? "MyModel.exe" : "MyModel");
        AssertLearned(dotnet.Succeed(program, root, "1"));

        // The README's first model, as written, is the whole program of the same project. One
        // thread: a model this small only loses time to threads on a machine other tests share.
        File.Delete(model);
        File.WriteAllText(Path.Combine(project, "Program.cs"), ReadmeFirstModel());
        var first = dotnet.With("OMP_NUM_THREADS", "1").Succeed("dotnet", project, "run", "--no-restore");
        Assert.Contains("Total params: 4,547", first.Output, StringComparison.Ordinal);
        var loss = Regex.Match(first.Output, @"loss (?<loss>[0-9]+[.,][0-9]+), accuracy (?<percent>[0-9]+[.,][0-9]) %");
        Assert.True(loss.Success, $"the README's first model printed no loss and accuracy:\n{first.Output}");
        Assert.True(Number(loss.Groups["percent"].Value) > 80, $"the README's first model learned too little:\n{first.Output}");
    }

    /// <summary>The C# block under the README's "A first model" heading.</summary>
    private static string ReadmeFirstModel()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var section = readme.IndexOf("## A first model", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## A first model' section");
        var start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(start > section && end > start, "README.md's first model has no ```csharp block");
        return readme[start..end];
    }

    private static double Number(string text) => double.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture);

    /// <summary>Better than always answering the largest ring (about half the points).</summary>
    private static void AssertLearned(CommandResult run)
    {
        var match = Accuracy.Match(run.Output);
        Assert.True(match.Success, $"no test accuracy in the output:\n{run.Output}");
        var percent = Number(match.Groups["percent"].Value);
        Assert.True(percent > 60, $"test accuracy {percent} % after one epoch:\n{run.Output}");
    }

    /// <summary>Each distinct error or warning a build printed, without its help link and project.</summary>
    private static List<string> Diagnostics(string output) =>
        Diagnostic.Matches(output)
            .Select(m => Regex.Replace(m.Value.TrimEnd(), @"( \(https?://[^)]*\))?( \[[^\]]*\])?$", ""))
            .Distinct()
            .ToList();
}
