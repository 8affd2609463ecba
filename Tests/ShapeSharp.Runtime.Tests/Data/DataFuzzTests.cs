using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using ShapeSharp.Data;
using Xunit.Abstractions;

namespace ShapeSharp.Runtime.Tests.Data;

/// <summary>
/// Issue 16, readers fuzzed: mutated IDX and CSV files give only DataFormatException naming the
/// file, and allocate no more than the file justifies (a header cannot size an allocation).
/// </summary>
public sealed class DataFuzzTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public DataFuzzTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    /// <summary>The hostile values for a 32-bit header field: 0, -1 (2^32-1), 2^31, 2^31-1 and 1.</summary>
    private static readonly uint[] HostileDims = { 0, uint.MaxValue, 1u << 31, int.MaxValue, 1 };

    private static byte[] Idx(params int[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), (uint)dims[i]);
        }

        var random = new Random(dims.Length);
        var data = new byte[dims.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(dims.Length == 1 ? random.Next(10) : random.Next(256));
        }

        return header.Concat(data).ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(raw);
        }

        return buffer.ToArray();
    }

    private static byte[] WithHeaderField(Random random, byte[] raw)
    {
        var copy = (byte[])raw.Clone();
        var rank = copy[3];
        var field = random.Next(-1, rank);
        if (field < 0)
        {
            copy[random.Next(4)] = random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => (byte)random.Next(256) };  // magic, type or rank
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(4 + 4 * field), HostileDims[random.Next(HostileDims.Length)]);
        }

        return copy;
    }

    [Fact]
    public void Mutated_idx_files_give_only_data_format_exceptions_naming_the_file()
    {
        var images = Idx(6, 28, 28);
        var labels = Idx(6);
        var iterations = Fuzzing.Iterations(1000);
        var random = new Random(16);
        var escapes = new Fuzzing.Escapes();
        var outcomes = new Dictionary<string, int>();
        var folder = Path.Combine(_temp.Path, "set");
        Directory.CreateDirectory(folder);
        var imagePath = Path.Combine(folder, "train-images-idx3-ubyte");
        var labelPath = Path.Combine(folder, "train-labels-idx1-ubyte");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var raw = i % 2 == 0 ? images : labels;
            var (kind, bytes) = (i / 2 % 8) switch
            {
                0 => ("bit flips", Fuzzing.FlipBits(random, raw)),
                1 => ("truncation", Fuzzing.Truncate(random, raw)),
                2 => ("header field", WithHeaderField(random, raw)),
                3 => ("gzip of header field", Gzip(WithHeaderField(random, raw))),
                4 => ("gzip bit flips", Fuzzing.FlipBits(random, Gzip(raw))),
                5 => ("gzip truncation", Fuzzing.Truncate(random, Gzip(raw))),
                6 => ("byte run", Fuzzing.OverwriteRun(random, raw)),
                _ => ("gzip of truncation", Gzip(Fuzzing.Truncate(random, raw))),
            };

            // Half the files go through FashionMnist (tensors made), half through IdxFile alone.
            var whole = i % 4 < 2;
            var path = raw == images ? imagePath : labelPath;
            File.WriteAllBytes(imagePath, images);
            File.WriteAllBytes(labelPath, labels);
            File.WriteAllBytes(path, bytes);
            var outcome = Attempt(escapes, $"#{i} {kind}", path, Math.Max(bytes.Length, raw.Length), () =>
            {
                if (whole)
                {
                    FashionMnist.LoadSet(folder, "train").Dispose();
                }
                else
                {
                    IdxFile.Read(path);
                }
            });
            outcomes[$"{kind}: {outcome}"] = outcomes.GetValueOrDefault($"{kind}: {outcome}") + 1;
        }

        Report("IDX files", iterations, clock, outcomes);
        escapes.AssertNone(iterations);
    }

    private static readonly string[] Tokens =
    {
        ",", "\n", "\r\n", "\"", "\"\"", "NaN", "-1", "0", "2147483648", "4294967295", "9223372036854775808",
        "-9223372036854775809", "1e309", "-Infinity", "\0", "\u00ff", "y", ";", " ", "1.5", "0x10",
    };

    [Fact]
    public void Mutated_csv_files_give_only_data_format_exceptions_naming_the_file()
    {
        var text = new StringBuilder("a,b,c,y\n");
        var seed = new Random(3);
        for (var r = 0; r < 40; r++)
        {
            text.Append($"{seed.NextDouble() - 0.5:0.###},{seed.Next(-5, 5)},{seed.NextDouble() * 1e3:0.#e0},{seed.Next(3)}\n");
        }

        var raw = Encoding.UTF8.GetBytes(text.ToString());
        var iterations = Fuzzing.Iterations(1000);
        var random = new Random(16);
        var escapes = new Fuzzing.Escapes();
        var outcomes = new Dictionary<string, int>();
        var path = _temp.File("data.csv");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var (kind, bytes) = (i % 5) switch
            {
                0 => ("bit flips", Fuzzing.FlipBits(random, raw)),
                1 => ("truncation", Fuzzing.Truncate(random, raw)),
                2 => ("inserted token", Insert(random, raw, replace: false)),
                3 => ("replaced field", Insert(random, raw, replace: true)),
                _ => ("byte run", Fuzzing.OverwriteRun(random, raw)),
            };

            File.WriteAllBytes(path, bytes);
            var kindOfTarget = i % 2 == 0 ? CsvTargetKind.Classification : CsvTargetKind.Regression;
            var outcome = Attempt(escapes, $"#{i} {kind}", path, bytes.Length, () => CsvDataset.Load(path, new[] { "y" }, kindOfTarget).Dispose());
            outcomes[$"{kind}: {outcome}"] = outcomes.GetValueOrDefault($"{kind}: {outcome}") + 1;
        }

        Report("CSV files", iterations, clock, outcomes);
        escapes.AssertNone(iterations);
    }

    [Fact]
    public void Item6_an_idx_count_or_dim_of_0xffffffff_is_a_data_format_exception()
    {
        foreach (var field in new[] { 0, 1, 2 })
        {
            var raw = Idx(6, 28, 28);
            BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(4 + 4 * field), uint.MaxValue);
            foreach (var gz in new[] { false, true })
            {
                var path = _temp.File($"hostile-{field}-{gz}");
                File.WriteAllBytes(path, gz ? Gzip(raw) : raw);
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 8 << 20);
                Assert.StartsWith(path, error.Message);
                Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("more than", StringComparison.Ordinal), error.Message);
            }
        }
    }

    [Fact]
    public void Fashion_mnist_images_of_another_size_are_refused_by_name()
    {
        var folder = Path.Combine(_temp.Path, "small");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), Idx(6, 14, 14));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), Idx(6));
        var error = Assert.Throws<DataFormatException>(() => FashionMnist.LoadSet(folder, "train"));
        Assert.Contains("14x14", error.Message);
        Assert.Contains("28x28", error.Message);
    }

    private static byte[] Insert(Random random, byte[] raw, bool replace)
    {
        var text = Encoding.UTF8.GetString(raw);
        var token = Tokens[random.Next(Tokens.Length)];
        var at = random.Next(text.Length);
        if (!replace)
        {
            return Encoding.UTF8.GetBytes(text.Insert(at, token));
        }

        var start = text.LastIndexOfAny(new[] { ',', '\n' }, at) + 1;
        var end = text.IndexOfAny(new[] { ',', '\n' }, at);
        end = end < 0 ? text.Length : end;
        return Encoding.UTF8.GetBytes(text[..start] + token + text[end..]);
    }

    /// <summary>Runs one read; returns its outcome for the summary and records anything that escaped.</summary>
    private static string Attempt(Fuzzing.Escapes escapes, string what, string path, int length, Action read)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        string outcome;
        try
        {
            read();
            outcome = "read";
        }
        catch (DataFormatException e)
        {
            // A pair that disagrees (image and label counts) starts with the images and names both.
            if (!e.Message.Contains(path, StringComparison.Ordinal))
            {
                escapes.Add($"{what}: message without the file name: {e.Message}");
            }

            var problem = e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            var cut = problem.IndexOfAny("0123456789'(:".ToCharArray());
            outcome = cut > 0 ? problem[..cut].Trim() : problem;
        }
        catch (Exception e)
        {
            outcome = e.GetType().Name;
            escapes.Add($"{what}: {e.GetType().Name}: {e.Message}");
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (allocated > 64L * length + (4 << 20))
        {
            escapes.Add($"{what}: allocated {allocated} bytes for a {length}-byte file");
        }

        return outcome;
    }

    private void Report(string what, int iterations, Stopwatch clock, Dictionary<string, int> outcomes)
    {
        _output.WriteLine($"{iterations} mutated {what} in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"{count,6}  {outcome}");
        }
    }
}
