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
    /// <exception cref="DataFormatException">Missing, unreadable, truncated or not an unsigned-byte IDX file; the message starts with the path.</exception>
    public static IdxFile Read(string path, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The item limit cannot be negative.");
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "the IDX file does not exist.");
        }

        try
        {
            using var file = File.OpenRead(path);
            var gz = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using var stream = gz ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return Read(stream, path, limit, gz ? null : file.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not valid gzip: {e.Message}", e);
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not DataFormatException)
        {
            throw new DataFormatException(path, $"cannot be read: {e.Message}", e);
        }
    }

    /// <param name="length">The file's length when not compressed: sizes are checked against it before allocating.</param>
    private static IdxFile Read(Stream stream, string path, long? limit, long? length)
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

        // Dims are unsigned 32-bit, so the products can pass 2^63; anything past what one array
        // holds is refused before it is multiplied further or allocated.
        var itemSize = 1L;
        foreach (var d in dims.Skip(1))
        {
            itemSize = d == 0 || itemSize <= Array.MaxLength / d ? itemSize * d : throw TooLarge(path, dims);
        }

        var count = limit is long l ? Math.Min(l, dims[0]) : dims[0];
        var expected = itemSize == 0 || count <= Array.MaxLength / itemSize ? count * itemSize : throw TooLarge(path, dims);
        var available = length - (4 + 4L * rank);
        if (expected > available)
        {
            throw new DataFormatException(path,
                $"truncated: its header promises {dims[0]} items of {itemSize} bytes, but the file holds only {available} bytes of data, not the {expected} read.");
        }

        var data = ReadData(stream, expected, out var read);
        if (read < expected)
        {
            throw new DataFormatException(path,
                $"truncated: its header promises {dims[0]} items of {itemSize} bytes, but the data ends after {read} of the {expected} bytes read.");
        }

        dims[0] = count;
        return new IdxFile(path, dims, data);
    }

    private static DataFormatException TooLarge(string path, long[] dims) =>
        new(path, $"dims [{string.Join(", ", dims)}] describe more than {Array.MaxLength} bytes, more than this reader holds (or a damaged header).");

    /// <summary>
    /// Reads up to <paramref name="expected"/> bytes, growing the buffer as data arrives: a
    /// compressed file's length does not bound its content, so the header alone must not size the allocation.
    /// </summary>
    private static byte[] ReadData(Stream stream, long expected, out long read)
    {
        const int chunk = 1 << 20;
        var data = new byte[Math.Min(expected, chunk)];
        read = 0;
        while (read < expected)
        {
            if (read == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(expected, Math.Max(chunk, (long)data.Length * 2)));
            }

            var n = ReadFully(stream, data.AsSpan((int)read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return data;
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
