using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Layers;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// The functional layers over trailing spatial dims: convolution, pooling, adaptive pooling,
/// interpolate/upsample, pad, pixel shuffle and im2col. Sizes follow PyTorch's formulas
/// (<see cref="Spatial"/>), per axis or one int for all.
/// </summary>
internal static partial class Ops
{
    /// <summary>One value per spatial axis: an int for all, a list of one or of n, or the default when absent; null when not constant.</summary>
    private static long[]? PerAxis(Value? value, int n, long? fallback)
    {
        if (value is null)
        {
            return fallback is null ? null : Enumerable.Repeat(fallback.Value, n).ToArray();
        }

        var constants = Constants(value);
        return constants?.Count switch
        {
            1 => Enumerable.Repeat(constants[0], n).ToArray(),
            var count when count == n => constants!.ToArray(),
            _ => null,
        };
    }

    /// <summary>An input of rank n + 1 (unbatched) or n + 2; SS0020 for another known rank.</summary>
    private static bool SpatialRank(OpCall c, int n)
    {
        if (c.Shape is null)
        {
            return false;
        }

        if (c.Shape.Rank != n + 1 && c.Shape.Rank != n + 2)
        {
            c.Fail($"expects a tensor of rank {n + 1} or {n + 2} ([C, *] or [N, C, *] with {n} spatial dims), but gets {c.Self}");
            return false;
        }

        return true;
    }

    /// <summary>The input with its last n dims replaced.</summary>
    private static TensorValue WithSpatial(Shape shape, IReadOnlyList<Dim> spatial) =>
        Of(shape.Dims.Take(shape.Rank - spatial.Count).Concat(spatial));

    /// <summary>A spatial size that is provably empty is the error PyTorch raises ("output size is too small").</summary>
    private static bool CheckSpatial(OpCall c, IReadOnlyList<Dim> spatial, string cause)
    {
        for (var i = 0; i < spatial.Count; i++)
        {
            if (spatial[i].ProvablyNonPositive)
            {
                c.Fail($"gives spatial size {spatial[i]} for {c.Self} (spatial dim {i}): {cause}");
                return false;
            }
        }

        return true;
    }

    /// <summary>conv1d/2d/3d(input, weight [out, in / groups, *k]): the weight gives the channels and the kernel.</summary>
    public static OpRule Convolution(int n) => c =>
    {
        if (!SpatialRank(c, n))
        {
            return TensorValue.AnyShape;
        }

        var input = c.Shape!;
        var weight = c.Args.Tensor("weight")?.Shape;
        var groups = c.Args.Get("groups") is null ? 1 : c.Args.Constant("groups");
        if (weight is null || weight.Rank != n + 2)
        {
            return SameRank(c.Self);
        }

        var channels = input.At(-n - 1);
        if (groups is { } g && g > 0 && ProvablyDifferent(channels, weight.Dims[1] * g))
        {
            c.Fail($"the weight {weight} takes {weight.Dims[1] * g} input channels{(g > 1 ? $" ({g} groups of {weight.Dims[1]})" : string.Empty)}, but the input {c.Self} has {channels}");
            return TensorValue.AnyShape;
        }

        var stride = PerAxis(c.Args.Find("stride", "strides"), n, 1);
        var padding = PerAxis(c.Args.Get("padding"), n, 0);
        var dilation = PerAxis(c.Args.Get("dilation"), n, 1);
        var spatial = new Dim[n];
        for (var i = 0; i < n; i++)
        {
            var kernel = weight.Dims[2 + i];
            spatial[i] = stride is null || padding is null || dilation is null || !kernel.IsConstant || stride[i] <= 0
                ? Dim.Unknown
                : Spatial.Output(input.At(i - n), kernel.Constant, stride[i], padding[i], dilation[i]);
        }

        return CheckSpatial(c, spatial, "the kernel is larger than the padded input")
            ? new TensorValue(WithSpatial(input, spatial).Shape!.With(-n - 1, weight.Dims[0]))
            : TensorValue.AnyShape;
    };

    /// <summary>conv_transpose1d/2d/3d(input, weight [in, out / groups, *k]).</summary>
    public static OpRule TransposedConvolution(int n) => c =>
    {
        if (!SpatialRank(c, n))
        {
            return TensorValue.AnyShape;
        }

        var input = c.Shape!;
        var weight = c.Args.Tensor("weight")?.Shape;
        var groups = c.Args.Get("groups") is null ? 1 : c.Args.Constant("groups");
        if (weight is null || weight.Rank != n + 2)
        {
            return SameRank(c.Self);
        }

        var channels = input.At(-n - 1);
        if (ProvablyDifferent(channels, weight.Dims[0]))
        {
            c.Fail($"the weight {weight} takes {weight.Dims[0]} input channels, but the input {c.Self} has {channels}");
            return TensorValue.AnyShape;
        }

        var stride = PerAxis(c.Args.Find("stride", "strides"), n, 1);
        var padding = PerAxis(c.Args.Get("padding"), n, 0);
        var outputPadding = PerAxis(c.Args.Get("output_padding"), n, 0);
        var dilation = PerAxis(c.Args.Get("dilation"), n, 1);
        var spatial = new Dim[n];
        for (var i = 0; i < n; i++)
        {
            var kernel = weight.Dims[2 + i];
            spatial[i] = stride is null || padding is null || outputPadding is null || dilation is null || !kernel.IsConstant
                ? Dim.Unknown
                : Spatial.TransposedOutput(input.At(i - n), kernel.Constant, stride[i], padding[i], outputPadding[i], dilation[i]);
        }

        var outChannels = groups is { } g ? weight.Dims[1] * g : Dim.Unknown;
        return CheckSpatial(c, spatial, "the padding removes more than the kernel adds")
            ? new TensorValue(WithSpatial(input, spatial).Shape!.With(-n - 1, outChannels))
            : TensorValue.AnyShape;
    };

    /// <summary>How a pooling op reads its arguments.</summary>
    internal enum PoolKind
    {
        Max,
        Average,
        Power,
    };

    /// <summary>
    /// max/avg/lp pooling: kernel, stride (the kernel when absent), padding, dilation (max only),
    /// ceil_mode, as PyTorch's pooling_output_shape computes them.
    /// </summary>
    public static OpRule Pool(int n, PoolKind kind, bool withIndices = false) => c =>
    {
        var result = PoolShape(c, n, kind);
        return withIndices ? Pair(result) : result;
    };

    private static TensorValue PoolShape(OpCall c, int n, PoolKind kind)
    {
        if (!SpatialRank(c, n))
        {
            return TensorValue.AnyShape;
        }

        var input = c.Shape!;
        var kernel = PerAxis(c.Args.Get("kernel_size"), n, null);
        var stride = c.Args.Find("stride", "strides") is { } given ? PerAxis(given, n, null) : kernel;
        var padding = kind == PoolKind.Power ? PerAxis(null, n, 0) : PerAxis(c.Args.Get("padding"), n, 0);
        var dilation = kind == PoolKind.Max ? PerAxis(c.Args.Get("dilation"), n, 1) : PerAxis(null, n, 1);
        bool? ceil = c.Args.Get("ceil_mode") switch
        {
            null => false,
            BoolValue b => b.Value,
            _ => null,
        };
        if (kernel is null || stride is null || padding is null || dilation is null || ceil is null
            || kernel.Any(k => k <= 0) || stride.Any(s => s <= 0) || dilation.Any(d => d <= 0))
        {
            return SameRank(c.Self);
        }

        for (var i = 0; i < n; i++)
        {
            var half = kind == PoolKind.Max ? ((kernel[i] - 1) * dilation[i] + 1) / 2 : kernel[i] / 2;
            if (padding[i] < 0 || padding[i] > half)
            {
                c.Fail($"padding {padding[i]} must be at most half the kernel size {kernel[i]}{(dilation[i] > 1 ? $" (dilated {dilation[i]})" : string.Empty)}");
                return TensorValue.AnyShape;
            }
        }

        var spatial = new Dim[n];
        for (var i = 0; i < n; i++)
        {
            var size = input.At(i - n);

            // With ceil_mode a last window that would start in the right padding is dropped; for a
            // symbolic size that depends on its value, except where no window can start there.
            var mayDrop = ceil.Value && padding[i] + stride[i] >= dilation[i] * (kernel[i] - 1) + 2;
            spatial[i] = mayDrop && !size.IsConstant
                ? Dim.Unknown
                : Spatial.Output(size, kernel[i], stride[i], padding[i], dilation[i], ceil.Value);
        }

        return CheckSpatial(c, spatial, "the kernel is larger than the padded input") ? WithSpatial(input, spatial) : TensorValue.AnyShape;
    }

    /// <summary>adaptive_avg/max_pool: the last n dims become output_size (one int for all, or one each).</summary>
    public static OpRule AdaptivePool(int n, bool withIndices = false) => c =>
    {
        TensorValue result;
        if (!SpatialRank(c, n))
        {
            result = TensorValue.AnyShape;
        }
        else
        {
            var sizes = Sizes(c.Args.Get("output_size"));
            var spatial = sizes is null ? null
                : sizes.Count == 1 ? Enumerable.Repeat(sizes[0], n).ToList()
                : sizes.Count == n ? sizes : null;
            result = spatial is null
                ? SameRank(c.Self)
                : WithSpatial(c.Shape!, spatial.Select(s => s is null || s.ProvablyNonPositive ? Dim.Unknown : s).ToList());
        }

        return withIndices ? Pair(result) : result;
    };

    /// <summary>
    /// interpolate, upsample: [N, C, *spatial] to size (one per spatial dim), or floor(size *
    /// scale_factor) as PyTorch computes it.
    /// </summary>
    public static Value Resize(OpCall c)
    {
        if (c.Shape is not { Rank: >= 3 } input)
        {
            return c.Shape is null ? TensorValue.AnyShape : SameRank(c.Self);
        }

        var n = input.Rank - 2;
        if (Sizes(c.Args.Get("size")) is { } sizes)
        {
            return sizes.Count == n ? WithSpatial(input, sizes.Select(s => s ?? Dim.Unknown).ToList()) : SameRank(c.Self);
        }

        if (c.Args.Get("scale_factor") is not TupleValue scales || scales.Items.Count != n)
        {
            return SameRank(c.Self);
        }

        var spatial = new Dim[n];
        for (var i = 0; i < n; i++)
        {
            var size = input.At(i - n);
            var scale = scales.Items[i] switch
            {
                ScalarValue { Real: { } real } => real,
                IntValue { Dim: { IsConstant: true } whole } => whole.Constant,
                _ => (double?)null,
            };
            spatial[i] = scale switch
            {
                null => Dim.Unknown,
                _ when size.IsConstant => Dim.Of((long)System.Math.Floor(size.Constant * scale.Value)),
                _ when scale.Value == System.Math.Floor(scale.Value) && scale.Value >= 1 => size * (long)scale.Value,
                _ => Dim.Unknown,
            };
        }

        return WithSpatial(input, spatial);
    }

    /// <summary>
    /// pad(input, pad): pairs from the last dim backwards ([left, right, top, bottom, ...]); one int
    /// pads both sides of every dim, as TorchSharp does.
    /// </summary>
    public static Value Pad(OpCall c)
    {
        if (c.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        var input = c.Shape;
        var argument = c.Args.Get("pad");
        if (argument is IntValue single)
        {
            return Of(input.Dims.Select(d => d + single.Dim * 2));
        }

        var pads = Sizes(argument);
        if (pads is null)
        {
            return SameRank(c.Self);
        }

        if (pads.Count % 2 != 0 || pads.Count / 2 > input.Rank)
        {
            c.Fail($"the pad list has {pads.Count} entries; it needs an even number, at most two per dim of {c.Self}");
            return TensorValue.AnyShape;
        }

        var dims = input.Dims.ToArray();
        for (var i = 0; i < pads.Count / 2; i++)
        {
            var axis = input.Rank - 1 - i;
            dims[axis] = pads[2 * i] is { } left && pads[2 * i + 1] is { } right ? dims[axis] + left + right : Dim.Unknown;
            if (dims[axis] is { IsConstant: true, Constant: < 0 })
            {
                c.Fail($"negative padding makes dim {axis} of {c.Self} {dims[axis]}");
                return TensorValue.AnyShape;
            }
        }

        return Of(dims);
    }

    /// <summary>pixel_shuffle(r): [*, C, H, W] -> [*, C / r², H r, W r].</summary>
    public static Value PixelShuffle(OpCall c)
    {
        var factor = c.Args.Constant("upscale_factor");
        if (!LastThree(c) || factor is not > 0)
        {
            return c.Shape is { Rank: >= 3 } ? SameRank(c.Self) : TensorValue.AnyShape;
        }

        var input = c.Shape!;
        var channels = input.At(-3);
        var square = factor.Value * factor.Value;
        if (channels.IsConstant && channels.Constant % square != 0)
        {
            c.Fail($"upscale factor {factor} needs channels divisible by {square}, but {c.Self} has {channels}");
            return TensorValue.AnyShape;
        }

        return Of(input.Dims.Take(input.Rank - 3).Concat(new[] { channels.DivideExact(Dim.Of(square)), input.At(-2) * factor.Value, input.At(-1) * factor.Value }));
    }

    /// <summary>pixel_unshuffle(r): [*, C, H, W] -> [*, C r², H / r, W / r].</summary>
    public static Value PixelUnshuffle(OpCall c)
    {
        var factor = c.Args.Constant("downscale_factor");
        if (!LastThree(c) || factor is not > 0)
        {
            return c.Shape is { Rank: >= 3 } ? SameRank(c.Self) : TensorValue.AnyShape;
        }

        var input = c.Shape!;
        foreach (var size in new[] { input.At(-2), input.At(-1) })
        {
            if (size.IsConstant && size.Constant % factor.Value != 0)
            {
                c.Fail($"downscale factor {factor} must divide the height and width of {c.Self}");
                return TensorValue.AnyShape;
            }
        }

        return Of(input.Dims.Take(input.Rank - 3).Concat(new[]
        {
            input.At(-3) * (factor.Value * factor.Value), input.At(-2).DivideExact(Dim.Of(factor.Value)), input.At(-1).DivideExact(Dim.Of(factor.Value)),
        }));
    }

    private static bool LastThree(OpCall c)
    {
        if (c.Shape is { Rank: < 3 })
        {
            c.Fail($"needs a tensor of rank 3 or more ([*, C, H, W]), but gets {c.Self}");
            return false;
        }

        return c.Shape is not null;
    }

    /// <summary>functional.unfold (im2col): [N, C, H, W] -> [N, C * kh * kw, blocks].</summary>
    public static Value Im2Col(OpCall c)
    {
        if (!SpatialRank(c, 2))
        {
            return TensorValue.AnyShape;
        }

        var input = c.Shape!;
        var kernel = PerAxis(c.Args.Get("kernel_size"), 2, null);
        var stride = PerAxis(c.Args.Get("stride"), 2, 1);
        var padding = PerAxis(c.Args.Get("padding"), 2, 0);
        var dilation = PerAxis(c.Args.Get("dilation"), 2, 1);
        if (kernel is null || stride is null || padding is null || dilation is null || stride.Any(s => s <= 0))
        {
            return Of(Enumerable.Repeat(Dim.Unknown, input.Rank - 1));
        }

        var blocks = new[] { 0, 1 }.Select(i => Spatial.Output(input.At(i - 2), kernel[i], stride[i], padding[i], dilation[i])).ToList();
        if (!CheckSpatial(c, blocks, "the kernel is larger than the padded input"))
        {
            return TensorValue.AnyShape;
        }

        return Of(input.Dims.Take(input.Rank - 3).Concat(new[] { input.At(-3) * (kernel[0] * kernel[1]), blocks[0] * blocks[1] }));
    }
}
