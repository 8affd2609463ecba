using System;
using System.IO;

namespace ShapeSharp.Editor.Tests;

/// <summary>
/// A project of a ShapeSharp user, written to a fresh folder under the system temp folder (outside
/// this repository, so none of its Directory.Build.* or central package settings apply): it
/// references Runtime and the generator the way Definitions does. Deleted on dispose.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    public ConsumerProject(string repoRoot)
    {
        Root = Directory.CreateTempSubdirectory("shapesharp-editor-").FullName;
        // The same SDK as the repository; the folders above the temp folder are nobody's, so an
        // empty Directory.Build.props/.targets and Directory.Packages.props here end MSBuild's
        // upward search for them.
        File.Copy(Path.Combine(repoRoot, "global.json"), Path.Combine(Root, "global.json"));
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Root, name), "<Project />\n");
        }

        var runtime = Path.Combine(repoRoot, "Runtime", "ShapeSharp.Runtime", "ShapeSharp.Runtime.csproj");
        var generator = Path.Combine(repoRoot, "Generator", "ShapeSharp.Generator", "ShapeSharp.Generator.csproj");
        File.WriteAllText(Path.Combine(Root, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <!-- TorchSharp's graph asks for versions the registry here lacks; the repository does the same. -->
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{runtime}" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Root { get; }

    public string ProjectFile => Path.Combine(Root, "Consumer.csproj");

    /// <summary>Writes a source file and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
