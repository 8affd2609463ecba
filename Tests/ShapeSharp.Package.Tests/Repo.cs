using System.Linq;
using System.Reflection;

namespace ShapeSharp.Package.Tests;

/// <summary>What the build wrote into this assembly about the repository it was built from.</summary>
internal static class Repo
{
    public static string Root => Metadata("RepoRoot");

    /// <summary>The configuration the packed projects were built in (the test project's).</summary>
    public static string Configuration => Metadata("Configuration");

    public static string PackageVersion => Metadata("PackageVersion");

    public static string RoslynFloor => Metadata("RoslynFloor");

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
