using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ShapeSharp.Training;

/// <summary>
/// Reads the fields of a checkpoint body without trusting them: every length is checked against
/// the bytes left before anything is allocated, so a hostile header costs at most what the file
/// holds. Problems are <see cref="CheckpointFormatProblem"/>s, turned into messages by the caller.
/// </summary>
internal sealed class CheckpointReader
{
    private readonly Stream _stream;
    private readonly long _end;
    private readonly byte[] _scratch = new byte[8];

    public CheckpointReader(Stream stream, long end, List<(long Offset, int Width, string Field)>? integerFields = null)
    {
        _stream = stream;
        _end = end;
        IntegerFields = integerFields;
    }

    /// <summary>When set, the offset and width of every integer read (the fuzz tests aim at them).</summary>
    public List<(long Offset, int Width, string Field)>? IntegerFields { get; }

    public long Position => _stream.Position;

    public long Remaining => _end - _stream.Position;

    public int ReadInt32(string field)
    {
        Record(4, field);
        Fill(_scratch.AsSpan(0, 4), field);
        return BitConverter.ToInt32(_scratch, 0);
    }

    public long ReadInt64(string field)
    {
        Record(8, field);
        Fill(_scratch.AsSpan(0, 8), field);
        return BitConverter.ToInt64(_scratch, 0);
    }

    public byte[] ReadBytes(long count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new CheckpointFormatProblem($"{field} claims {count} bytes, but only {Remaining} remain before the end of the data");
        }

        if (count > Array.MaxLength)
        {
            throw new CheckpointFormatProblem($"{field} is {count} bytes; this library reads at most {Array.MaxLength} bytes per field");
        }

        var bytes = new byte[count];
        Fill(bytes, field);
        return bytes;
    }

    /// <summary>A length-prefixed UTF-8 string (int32 byte count).</summary>
    public string ReadString(string field)
    {
        var bytes = ReadBytes(ReadInt32(field + "'s length"), field);
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CheckpointFormatProblem($"{field} is not valid UTF-8");
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void Record(int width, string field) => IntegerFields?.Add((_stream.Position, width, field));

    private void Fill(Span<byte> buffer, string field)
    {
        if (buffer.Length > Remaining)
        {
            throw new CheckpointFormatProblem($"{field} runs past the end of the data");
        }

        _stream.ReadExactly(buffer);
    }
}

/// <summary>What is wrong with a checkpoint's bytes; becomes a <see cref="CheckpointException"/> naming the file.</summary>
internal sealed class CheckpointFormatProblem : Exception
{
    public CheckpointFormatProblem(string message)
        : base(message)
    {
    }
}
