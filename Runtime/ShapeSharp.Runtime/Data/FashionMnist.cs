using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;

namespace ShapeSharp.Data;

/// <summary>
/// Fashion-MNIST (or MNIST) from a folder of IDX files named as published
/// (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...). Images become float32
/// [N, 1, 28, 28], scaled to [0, 1] and, by default, standardised with the training set's mean
/// and std; labels int64 [N].
/// </summary>
public static class FashionMnist
{
    /// <summary>Mean and std of Fashion-MNIST's 60,000 training images on the [0, 1] scale.</summary>
    public const double Mean = 0.2860, Std = 0.3530;

    /// <summary>Rows and columns of every image.</summary>
    public const int ImageSize = 28;

    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Loads the training and test sets from <paramref name="directory"/>.</summary>
    /// <param name="directory">Folder with the four IDX files.</param>
    /// <param name="normalize">Standardise with <see cref="Mean"/>/<see cref="Std"/>; otherwise [0, 1].</param>
    /// <param name="limit">At most this many items of each set.</param>
    public static (TensorDataset Train, TensorDataset Test) Load(string directory, bool normalize = true, long? limit = null) =>
        (LoadSet(directory, "train", normalize, limit), LoadSet(directory, "t10k", normalize, limit));

    /// <summary>One set: "train" or "t10k".</summary>
    public static TensorDataset LoadSet(string directory, string set, bool normalize = true, long? limit = null)
    {
        var images = IdxFile.Read(Find(directory, $"{set}-images-idx3-ubyte"), limit);
        var labels = IdxFile.Read(Find(directory, $"{set}-labels-idx1-ubyte"), limit);
        if (images.Dims.Length != 3)
        {
            throw new DataFormatException(images.Path, $"dims [{string.Join(", ", images.Dims)}]; images need [N, rows, columns].");
        }

        if (images.Dims[1] != ImageSize || images.Dims[2] != ImageSize)
        {
            throw new DataFormatException(images.Path, $"images of {images.Dims[1]}x{images.Dims[2]} pixels; Fashion-MNIST and MNIST images are {ImageSize}x{ImageSize}.");
        }

        if (labels.Dims.Length != 1)
        {
            throw new DataFormatException(labels.Path, $"dims [{string.Join(", ", labels.Dims)}]; labels need [N].");
        }

        if (images.Count != labels.Count)
        {
            throw new DataFormatException(images.Path, $"{images.Count} images, but '{labels.Path}' has {labels.Count} labels.");
        }

        var outOfRange = labels.Data.FirstOrDefault(l => l >= ClassNames.Count);
        if (outOfRange != 0)
        {
            throw new DataFormatException(labels.Path, $"label {outOfRange}; classes are 0..{ClassNames.Count - 1}.");
        }

        using var scope = torch.NewDisposeScope();
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var maxPixel = 255f.ToScalar();
        using var mean = Mean.ToScalar();
        using var std = Std.ToScalar();
        var pixels = torch.tensor(images.Data, new[] { images.Count, 1, images.Dims[1], images.Dims[2] }, torch.ScalarType.Byte)
            .to_type(torch.ScalarType.Float32).div_(maxPixel);
        if (normalize)
        {
            pixels.sub_(mean).div_(std);
        }

        var targets = torch.tensor(labels.Data, torch.ScalarType.Byte).to_type(torch.ScalarType.Int64);
        return new TensorDataset(pixels.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }

    private static string Find(string directory, string name)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataFormatException(Path.GetFullPath(directory), "the data folder does not exist.");
        }

        foreach (var candidate in new[] { name + ".gz", name, name.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DataFormatException(Path.GetFullPath(directory), $"the data folder has neither '{name}.gz' nor '{name}'.");
    }
}
