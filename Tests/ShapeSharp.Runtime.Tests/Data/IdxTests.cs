using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using ShapeSharp.Data;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void Reads_the_bundled_subset_gz_and_raw_alike()
    {
        var gz = Path.Combine(BundledData.Directory, "train-labels-idx1-ubyte.gz");
        var labels = IdxFile.Read(gz);
        Assert.Equal(new long[] { 12000 }, labels.Dims);
        var raw = Gunzip(gz);
        Assert.Equal(raw.Skip(8).ToArray(), labels.Data);           // payload after magic + one dim
        Assert.All(labels.Data, l => Assert.InRange(l, (byte)0, (byte)9));

        var plain = Path.Combine(_temp.Path, "train-labels-idx1-ubyte");
        File.WriteAllBytes(plain, raw);
        Assert.Equal(labels.Data, IdxFile.Read(plain).Data);        // detected by content, not name
        Assert.Equal(new long[] { 100 }, IdxFile.Read(plain, limit: 100).Dims);
    }

    [Fact]
    public void Fashion_mnist_loads_images_and_labels_as_tensors()
    {
        var (train, test) = FashionMnist.Load(BundledData.Directory, normalize: false);
        using (train)
        using (test)
        {
            Assert.Equal(new long[] { 12000, 1, 28, 28 }, train.Inputs.shape);
            Assert.Equal(new long[] { 2000 }, test.Targets.shape);
            Assert.Equal(ScalarType.Float32, train.Inputs.dtype);
            Assert.Equal(ScalarType.Int64, train.Targets.dtype);
            Assert.InRange(train.Inputs.min().item<float>(), 0f, 0f);
            Assert.InRange(train.Inputs.max().item<float>(), 1f, 1f);
            var counts = Enumerable.Range(0, 10).Select(c => train.Targets.eq(c).sum().item<long>()).ToArray();
            Assert.Equal(12000, counts.Sum());
            Assert.All(counts, c => Assert.InRange(c, 1000, 1400));  // the classes are balanced
            var raw = Gunzip(Path.Combine(BundledData.Directory, "train-labels-idx1-ubyte.gz"));
            Assert.Equal(raw[8], train.Targets[0].item<long>());
        }
    }

    [Fact]
    public void Missing_folder_and_missing_file_name_what_was_looked_for()
    {
        var error = Assert.Throws<DataFormatException>(() => FashionMnist.Load(Path.Combine(_temp.Path, "nowhere")));
        Assert.Contains("nowhere", error.Message);
        error = Assert.Throws<DataFormatException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void Truncated_file_says_how_much_is_missing()
    {
        var raw = Gunzip(Path.Combine(BundledData.Directory, "t10k-labels-idx1-ubyte.gz"));
        var path = Path.Combine(_temp.Path, "cut");
        File.WriteAllBytes(path, raw.Take(1000).ToArray());
        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("2000", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Wrong_magic_is_rejected()
    {
        var path = Path.Combine(_temp.Path, "text");
        File.WriteAllText(path, "hello, this is not IDX");
        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.Copy(Path.Combine(BundledData.Directory, name), Path.Combine(_temp.Path, name));
        }

        // Training labels from the test set: 2000 labels for 12000 images.
        File.Copy(Path.Combine(BundledData.Directory, "t10k-labels-idx1-ubyte.gz"), Path.Combine(_temp.Path, "train-labels-idx1-ubyte.gz"));
        var error = Assert.Throws<DataFormatException>(() => FashionMnist.Load(_temp.Path));
        Assert.Contains("12000 images", error.Message);
        Assert.Contains("2000 labels", error.Message);
    }
}
