using System;
using System.IO;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>The real Fashion-MNIST subset committed under Samples/FashionMnist/data, found from the test binaries upward.</summary>
internal static class BundledFashionMnist
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Samples", "FashionMnist", "data");
            if (File.Exists(Path.Combine(candidate, "t10k-images-idx3-ubyte.gz")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Samples/FashionMnist/data not found above " + AppContext.BaseDirectory);
    }
}
