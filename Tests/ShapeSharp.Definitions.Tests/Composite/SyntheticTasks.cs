using System;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// Small deterministic tasks a model can learn in a few dozen steps, each from its own seeded
/// generator so the data does not depend on what else has drawn random numbers.
/// </summary>
internal static class SyntheticTasks
{
    /// <summary>
    /// Token sequences [n, length] over 3..vocab-1 (0 is padding), labelled by a marker token: class 1
    /// if token 1 occurs, class 2 if token 2 occurs, class 0 if neither (each a third of the set).
    /// </summary>
    public static (Tensor Ids, Tensor Labels) MarkerTokens(long n, long length, long vocab, long seed)
    {
        var random = new Generator((ulong)seed);
        var ids = randint(3, vocab, new[] { n, length }, generator: random);
        var labels = arange(n) % 3;
        var positions = randint(0, length, new[] { n }, generator: random);
        for (long i = 0; i < n; i++)
        {
            var label = labels[i].item<long>();
            if (label != 0)
            {
                ids[i, positions[i].item<long>()] = tensor(label);
            }
        }

        return (ids, labels);
    }

    /// <summary>
    /// Windows [n, 30, 5] of five smooth signals (sines with a random phase and frequency per
    /// window, at 1x, 2x, ... the frequency) and the next value of the fourth one, [n, 1].
    /// </summary>
    public static (Tensor Windows, Tensor Next) SmoothWindows(long n, long seed)
    {
        var random = new Generator((ulong)seed);
        var phase = rand(new[] { n, 1L, 1L }, generator: random) * (2 * Math.PI);
        var frequency = (rand(new[] { n, 1L, 1L }, generator: random) * 0.2) + 0.1;
        var harmonic = arange(1, 6, dtype: ScalarType.Float32).view(1, 1, 5);
        var time = arange(31, dtype: ScalarType.Float32).view(1, 31, 1);
        var signal = sin((phase + (frequency * time)) * harmonic);  // [n, 31, 5]
        return (signal[.., ..30], signal[.., 30, 3..4]);
    }

    /// <summary>
    /// Reversal: random source sequences [n, length] over 2..vocab-1, the target its reverse. The
    /// decoder reads the target shifted right behind a start token (1), teacher forcing.
    /// </summary>
    public static (Tensor Source, Tensor DecoderInput, Tensor Target) Reversal(long n, long length, long vocab, long seed)
    {
        var random = new Generator((ulong)seed);
        var source = randint(2, vocab, new[] { n, length }, generator: random);
        var target = source.flip(1);
        var decoderInput = cat(new[] { ones(n, 1, dtype: ScalarType.Int64), target[.., ..^1] }, dim: 1);
        return (source, decoderInput, target);
    }

    /// <summary>
    /// Windows [n, length] of one repeating sequence (period tokens, a fixed random order of
    /// 0..vocab-1) and the same windows one token on, for next-token prediction.
    /// </summary>
    public static (Tensor Ids, Tensor Next) Repeating(long n, long length, long period, long vocab, long seed)
    {
        var random = new Generator((ulong)seed);
        var cycle = randperm(vocab, generator: random)[..(int)period];
        var starts = randint(0, period, new[] { n, 1L }, generator: random);
        var positions = (starts + arange(length + 1).unsqueeze(0)) % period;  // [n, length + 1]
        var tokens = cycle[positions];
        return (tokens[.., ..^1], tokens[.., 1..]);
    }

    /// <summary>
    /// n small images [n, 3, side, side], each its class's fixed random pattern plus noise, with
    /// labels spread over the 10 classes.
    /// </summary>
    public static (Tensor Images, Tensor Labels) PatternImages(long n, long side, long seed)
    {
        var random = new Generator((ulong)seed);
        var patterns = randn(new[] { 10L, 3, side, side }, generator: random);
        var labels = arange(n) % 10;
        var images = patterns[labels] + (0.5 * randn(new[] { n, 3L, side, side }, generator: random));
        return (images, labels);
    }

    /// <summary>
    /// Segmentation: n one-channel images [n, 1, side, side], each a bright axis-aligned rectangle
    /// (random corner and size, at least a quarter of the side) on noise, and its mask (1 inside).
    /// </summary>
    public static (Tensor Images, Tensor Masks) Rectangles(long n, long side, long seed)
    {
        var random = new Generator((ulong)seed);
        var masks = zeros(n, 1, side, side);
        var corners = randint(0, side / 2, new[] { n, 2L }, generator: random);
        var sizes = randint(side / 4, side / 2, new[] { n, 2L }, generator: random);
        for (long i = 0; i < n; i++)
        {
            var (top, left) = ((int)corners[i, 0].item<long>(), (int)corners[i, 1].item<long>());
            var (height, width) = ((int)sizes[i, 0].item<long>(), (int)sizes[i, 1].item<long>());
            masks[(int)i, 0, top..(top + height), left..(left + width)] = tensor(1f);
        }

        var images = masks + (0.3f * randn(new[] { n, 1L, side, side }, generator: random));
        return (images, masks);
    }

    /// <summary>
    /// Signals [n, 1, length] (each a sum of two sines of random phase and frequency) and the same
    /// signals one sample on, for next-sample prediction.
    /// </summary>
    public static (Tensor Signals, Tensor Next) Waves(long n, long length, long seed)
    {
        var random = new Generator((ulong)seed);
        var phase = rand(new[] { n, 1L, 2L }, generator: random) * (2 * Math.PI);
        var frequency = (rand(new[] { n, 1L, 2L }, generator: random) * 0.3) + 0.05;
        var time = arange(length + 1, dtype: ScalarType.Float32).view(1, -1, 1);
        var signal = sin(phase + (frequency * time)).sum(dim: 2).unsqueeze(1);  // [n, 1, length + 1]
        return (signal[.., .., ..^1], signal[.., .., 1..]);
    }

    /// <summary>
    /// Point clouds [n, 3, points] of three shapes at a random scale, with a little noise: points on
    /// a sphere (class 0), on a cube's surface (class 1), in a flat disk (class 2).
    /// </summary>
    public static (Tensor Points, Tensor Labels) Shapes(long n, long points, long seed)
    {
        var random = new Generator((ulong)seed);
        var labels = arange(n) % 3;
        var clouds = new Tensor[n];
        for (long i = 0; i < n; i++)
        {
            var direction = randn(new[] { 3L, points }, generator: random);
            var cloud = labels[i].item<long>() switch
            {
                0 => direction / direction.norm(0, keepdim: true),
                1 => direction / direction.abs().amax(new long[] { 0 }, keepdim: true),
                _ => cat(new[] { (rand(new[] { 2L, points }, generator: random) * 2) - 1, zeros(1, points) }, dim: 0),
            };
            var scale = (rand(new[] { 1L }, generator: random) * 0.5) + 0.75;
            clouds[i] = (cloud * scale) + (0.02 * randn(new[] { 3L, points }, generator: random));
        }

        return (stack(clouds), labels);
    }
}
