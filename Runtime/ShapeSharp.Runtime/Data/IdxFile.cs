using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace ShapeSharp.Data;

/// <summary>
/// An unsigned-byte IDX file (the MNIST / Fashion-MNIST format): big-endian magic 0x0000_08_NN
/// where NN is the number of dims, then the dims, then the bytes. Read plain or gzip-compressed
/// (detected from the content, not the name).
/// </summary>
public sealed class IdxFile
{
    private IdxFile(string path, long[] dims, byte[] data)
    {
        Path = path;
        Dims = dims;
        Data = data;
    }

    public string Path { get; }

    /// <summary>Dims as stored, items first (e.g. [60000, 28, 28]); the first dim is cut to the limit when one was given.</summary>
    public long[] Dims { get; }

    public byte[] Data { get; }

    public long Count => Dims[0];

    /// <param name="path">The file.</param>
    /// <param name="limit">Read at most this many items (the first ones).</param>
    public static IdxFile Read(string path, long? limit = null)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "the IDX file does not exist.");
        }

        using var file = File.OpenRead(path);
        var gz = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using var stream = gz ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return Read(stream, path, limit);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not valid gzip: {e.Message}", e);
        }
    }

    private static IdxFile Read(Stream stream, string path, long? limit)
    {
        Span<byte> header = stackalloc byte[4];
        if (ReadFully(stream, header) < 4 || header[0] != 0 || header[1] != 0)
        {
            throw new DataFormatException(path, "not an IDX file (bad magic number).");
        }

        if (header[2] != 0x08)
        {
            throw new DataFormatException(path, $"IDX element type 0x{header[2]:x2} is not supported (only unsigned bytes, 0x08).");
        }

        var rank = header[3];
        if (rank == 0)
        {
            throw new DataFormatException(path, "IDX file with no dims.");
        }

        var dims = new long[rank];
        Span<byte> dim = stackalloc byte[4];
        for (var i = 0; i < rank; i++)
        {
            if (ReadFully(stream, dim) < 4)
            {
                throw new DataFormatException(path, "truncated inside its header.");
            }

            dims[i] = BinaryPrimitives.ReadUInt32BigEndian(dim);
        }

        var itemSize = dims.Skip(1).Aggregate(1L, (a, b) => a * b);
        var count = limit is long l ? Math.Min(l, dims[0]) : dims[0];
        var expected = checked(count * itemSize);
        var data = new byte[expected];
        var read = ReadFully(stream, data);
        if (read < expected)
        {
            throw new DataFormatException(path,
                $"truncated: its header promises {dims[0]} items of {itemSize} bytes, but the data ends after {read} of the {expected} bytes read.");
        }

        dims[0] = count;
        return new IdxFile(path, dims, data);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
