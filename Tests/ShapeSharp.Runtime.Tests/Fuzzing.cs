using System;
using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Runtime.Tests;

/// <summary>
/// Seeded mutations for the reader fuzz tests. The default run is bounded (a few seconds);
/// SHAPESHARP_FUZZ_ITERATIONS sets the count per test for a longer run (docs/checkpoints.md).
/// </summary>
internal static class Fuzzing
{
    public static int Iterations(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("SHAPESHARP_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : defaultCount;

    public static byte[] FlipBits(Random random, byte[] bytes, int from = 0)
    {
        var copy = (byte[])bytes.Clone();
        for (int i = 0, n = random.Next(1, 5); i < n; i++)
        {
            copy[random.Next(from, copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    public static byte[] Truncate(Random random, byte[] bytes) => bytes[..random.Next(0, bytes.Length)];

    public static byte[] OverwriteRun(Random random, byte[] bytes, int from = 0)
    {
        var copy = (byte[])bytes.Clone();
        var start = random.Next(from, copy.Length);
        var fill = random.Next(3) switch { 0 => (byte)0, 1 => (byte)0xFF, _ => (byte)random.Next(256) };
        for (var i = start; i < Math.Min(copy.Length, start + random.Next(1, 17)); i++)
        {
            copy[i] = random.Next(4) == 0 ? (byte)random.Next(256) : fill;
        }

        return copy;
    }

    /// <summary>Collects what escaped the library's exception types; the assertion shows the first few.</summary>
    public sealed class Escapes
    {
        private readonly List<string> _found = new();

        public int Count => _found.Count;

        public void Add(string what) => _found.Add(what);

        public void AssertNone(int iterations) =>
            Assert.True(_found.Count == 0, $"{_found.Count} of {iterations} mutated files escaped:\n" + string.Join("\n", _found.Take(10)));
    }
}
