using System;
using System.IO;

namespace ShapeSharp.Runtime.Tests.Data;

/// <summary>The real Fashion-MNIST subset committed under Samples/FashionMnist/data.</summary>
internal static class BundledData
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Samples", "FashionMnist", "data");
            if (File.Exists(Path.Combine(candidate, "train-labels-idx1-ubyte.gz")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Samples/FashionMnist/data not found above " + AppContext.BaseDirectory);
    }
}
