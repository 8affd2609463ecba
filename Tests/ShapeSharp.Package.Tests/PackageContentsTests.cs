using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ShapeSharp.Package.Tests;

/// <summary>What is where in the packed .nupkg files, and that docs/packaging.md lists exactly that.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageContentsTests
{
    private readonly PackageFeed _feed;

    public PackageContentsTests(PackageFeed feed) => _feed = feed;

    [Theory]
    [InlineData("ShapeSharp", "nupkg")]
    [InlineData("ShapeSharp", "snupkg")]
    [InlineData("ShapeSharp.Templates", "nupkg")]
    public void The_docs_list_exactly_what_each_package_holds(string id, string extension)
    {
        using var package = ZipFile.OpenRead(_feed.Package(id, extension));
        var documented = DocumentedListing($"{id}.{Repo.PackageVersion}.{extension}");
        Assert.Equal(documented.Order(StringComparer.Ordinal), package.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ShapeSharp_holds_the_runtime_the_generator_the_code_fixes_and_the_native_fix()
    {
        using var package = ZipFile.OpenRead(_feed.Package("ShapeSharp"));
        var names = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/ShapeSharp.Runtime.dll", names);
        Assert.Contains("analyzers/dotnet/cs/ShapeSharp.Generator.dll", names);
        Assert.Contains("analyzers/dotnet/cs/ShapeSharp.CodeFixes.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal) && n.Contains("Generator", StringComparison.Ordinal));

        // IntelliSense: the documentation file of the runtime, with documented members in it.
        var docs = XDocument.Parse(Read(package, "lib/net10.0/ShapeSharp.Runtime.xml"));
        Assert.True(docs.Descendants("member").Count() > 100, "the XML documentation holds fewer than 100 members");

        // NuGet imports buildTransitive/<id>.targets; it compiles the patch task from the file beside it.
        var targets = Read(package, "buildTransitive/ShapeSharp.targets");
        Assert.Contains("$(MSBuildThisFileDirectory)LibStdCxxPatch.cs", targets, StringComparison.Ordinal);
        Assert.Contains("IsOSPlatform('Linux')", targets, StringComparison.Ordinal);
        Assert.Equal(
            File.ReadAllText(Path.Combine(Repo.Root, "Runtime/ShapeSharp.Runtime/build/LibStdCxxPatch.cs")),
            Read(package, "buildTransitive/LibStdCxxPatch.cs"));
        Assert.Contains("MIT License", Read(package, "LICENSE"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_and_code_fixes_are_built_against_the_oldest_Roslyn_they_support()
    {
        using var package = ZipFile.OpenRead(_feed.Package("ShapeSharp"));
        var floor = Version.Parse(Repo.RoslynFloor);
        var generator = References(package, "analyzers/dotnet/cs/ShapeSharp.Generator.dll");
        Assert.Equal(new Version(floor.Major, floor.Minor, floor.Build, 0), generator["Microsoft.CodeAnalysis"]);
        Assert.Equal(new Version(floor.Major, floor.Minor, floor.Build, 0), generator["Microsoft.CodeAnalysis.CSharp"]);

        var fixes = References(package, "analyzers/dotnet/cs/ShapeSharp.CodeFixes.dll");
        Assert.Equal(new Version(floor.Major, floor.Minor, floor.Build, 0), fixes["Microsoft.CodeAnalysis.Workspaces"]);
        Assert.True(
            floor <= new Version(4, 8, 0),
            $"The README states Roslyn 4.8 (Visual Studio 17.8, .NET 8 SDK) as the floor; the generator now needs {floor}: update the README and this test.");
    }

    [Fact]
    public void ShapeSharp_depends_on_TorchSharp_and_no_backend()
    {
        using var package = ZipFile.OpenRead(_feed.Package("ShapeSharp"));
        var nuspec = Nuspec(package, "ShapeSharp.nuspec");
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("ShapeSharp", metadata.Element(ns + "id")!.Value);
        Assert.Equal(Repo.PackageVersion, metadata.Element(ns + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.StartsWith("https://", metadata.Element(ns + "repository")!.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Contains("TorchSharp", metadata.Element(ns + "description")!.Value, StringComparison.Ordinal);

        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToList();
        var group = Assert.Single(groups);
        Assert.Equal("net10.0", group.Attribute("targetFramework")!.Value);
        var ids = group.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.Contains("TorchSharp", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
                                         || id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_template_asks_for_the_ShapeSharp_it_was_packed_with()
    {
        using var package = ZipFile.OpenRead(_feed.Package("ShapeSharp.Templates"));
        var nuspec = Nuspec(package, "ShapeSharp.Templates.nuspec");
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("Template", metadata.Element(ns + "packageTypes")!.Element(ns + "packageType")!.Attribute("name")!.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));

        using var template = JsonDocument.Parse(Read(package, "content/shapesharp/.template.config/template.json"));
        Assert.Equal("shapesharp", template.RootElement.GetProperty("shortName").GetString());
        var version = template.RootElement.GetProperty("symbols").GetProperty("shapesharpVersion");
        Assert.Equal(Repo.PackageVersion, version.GetProperty("defaultValue").GetString());
        Assert.Contains("Version=\"SHAPESHARP_VERSION\"", Read(package, "content/shapesharp/MyModel.csproj"), StringComparison.Ordinal);
    }

    /// <summary>The file names of the <c>unzip -l</c> listing of <paramref name="file"/> in docs/packaging.md.</summary>
    private static List<string> DocumentedListing(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "docs", "packaging.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == $"Archive:  {file}");
        Assert.True(start >= 0, $"docs/packaging.md has no `unzip -l` listing of {file} (a line 'Archive:  {file}')");
        var rules = Enumerable.Range(start, lines.Length - start).Where(i => lines[i].StartsWith("---------", StringComparison.Ordinal)).Take(2).ToArray();
        Assert.True(rules.Length == 2, $"the listing of {file} in docs/packaging.md is not closed by a rule");
        var entry = new Regex(@"^\s*\d+\s+\S+\s+\S+\s+(?<name>\S.*)$");
        var names = new List<string>();
        foreach (var line in lines[(rules[0] + 1)..rules[1]])
        {
            var match = entry.Match(line);
            Assert.True(match.Success, $"not an unzip -l line in the listing of {file} in docs/packaging.md: '{line}'");
            names.Add(match.Groups["name"].Value.TrimEnd());
        }

        return names;
    }

    private static Dictionary<string, Version> References(ZipArchive package, string entry)
    {
        using var stream = new MemoryStream();
        using (var source = package.GetEntry(entry)!.Open())
        {
            source.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference)
            .ToDictionary(r => reader.GetString(r.Name), r => r.Version);
    }

    private static XDocument Nuspec(ZipArchive package, string name) => XDocument.Parse(Read(package, name));

    private static string Read(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var reader = new StreamReader(entry!.Open());
        return reader.ReadToEnd();
    }
}
