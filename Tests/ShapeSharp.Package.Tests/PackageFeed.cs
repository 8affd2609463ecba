using System;
using System.IO;

namespace ShapeSharp.Package.Tests;

/// <summary>
/// A local NuGet feed in a fresh temp folder (outside the repository) holding ShapeSharp and
/// ShapeSharp.Templates, packed from this build of their projects (their build is this test
/// project's build: its project references), as <c>dotnet pack</c> makes them. Deleted on dispose.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("shapesharp-package-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        var dotnet = new DotNet();
        foreach (var project in new[] { "Runtime/ShapeSharp.Runtime/ShapeSharp.Runtime.csproj", "Templates/ShapeSharp.Templates/ShapeSharp.Templates.csproj" })
        {
            dotnet.Succeed("dotnet", Repo.Root, "pack", Path.Combine(Repo.Root, project), "-c", Repo.Configuration, "--no-build", "-o", Feed);
        }

        PackTimings = string.Join('\n', dotnet.Timings);
    }

    /// <summary>The temp folder: the feed and anything a test makes beside it.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string PackTimings { get; }

    public string Package(string id, string extension = "nupkg")
    {
        var path = Path.Combine(Feed, $"{id}.{Repo.PackageVersion}.{extension}");
        Assert.True(File.Exists(path), $"{path} was not packed; the feed has: {string.Join(", ", Directory.GetFiles(Feed))}");
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

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "packages";
}
