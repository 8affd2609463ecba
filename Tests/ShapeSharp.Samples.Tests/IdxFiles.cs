using System.Buffers.Binary;
using System.IO;

namespace ShapeSharp.Samples.Tests;

/// <summary>Writes Fashion-MNIST-named IDX files (uncompressed) of any image size and count.</summary>
internal static class IdxFiles
{
    public static void WriteSet(string folder, int train, int test, int rows, int columns)
    {
        Directory.CreateDirectory(folder);
        foreach (var (set, count) in new[] { ("train", train), ("t10k", test) })
        {
            Write(Path.Combine(folder, $"{set}-images-idx3-ubyte"), new[] { count, rows, columns }, count * rows * columns);
            Write(Path.Combine(folder, $"{set}-labels-idx1-ubyte"), new[] { count }, count);
        }
    }

    private static void Write(string path, int[] dims, int length)
    {
        using var file = File.Create(path);
        file.Write(new byte[] { 0, 0, 0x08, (byte)dims.Length });
        var dim = new byte[4];
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            file.Write(dim);
        }

        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)(i % 10);  // labels 0..9; pixels a pattern
        }

        file.Write(data);
    }
}
