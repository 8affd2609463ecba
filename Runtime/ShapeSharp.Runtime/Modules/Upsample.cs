using System;
using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>
/// nn.Upsample (nearest or bilinear), the generated code for [Upsample]: TorchSharp 0.107's module
/// passes align_corners to nearest interpolation, which libtorch refuses, so this one calls
/// <c>functional.interpolate</c> with align_corners only where it applies.
/// </summary>
public sealed class Upsample : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly long[]? _size;
    private readonly double? _scale;
    private readonly torch.InterpolationMode _mode;
    private readonly bool _alignCorners;

    /// <param name="size">The output's spatial size, one per spatial dim (or null, with a scale).</param>
    /// <param name="scaleFactor">Each spatial dim becomes floor(n * scale) (or null, with a size).</param>
    /// <param name="mode">"nearest" or "bilinear".</param>
    /// <param name="alignCorners">Bilinear only.</param>
    public Upsample(long[]? size, double? scaleFactor, string mode = "nearest", bool alignCorners = false)
        : base(nameof(Upsample))
    {
        if ((size is null) == (scaleFactor is null))
        {
            throw new ArgumentException("Upsample takes either a size or a scale factor, not both or neither.");
        }

        _mode = mode switch
        {
            "nearest" => torch.InterpolationMode.Nearest,
            "bilinear" => torch.InterpolationMode.Bilinear,
            _ => throw new ArgumentException($"Upsample: mode must be \"nearest\" or \"bilinear\", but is \"{mode}\"."),
        };
        if (alignCorners && _mode == torch.InterpolationMode.Nearest)
        {
            throw new ArgumentException("Upsample: align_corners only applies to bilinear.");
        }

        _size = size;
        _scale = scaleFactor;
        _alignCorners = alignCorners;
    }

    public override torch.Tensor forward(torch.Tensor input)
    {
        var spatial = (int)input.dim() - 2;
        var scale = _scale is { } s ? Repeat(s, spatial) : null;
        bool? align = _mode == torch.InterpolationMode.Nearest ? null : _alignCorners;
        return torch.nn.functional.interpolate(input, _size, scale, _mode, align);
    }

    private static double[] Repeat(double value, int count)
    {
        var values = new double[Math.Max(count, 1)];
        Array.Fill(values, value);
        return values;
    }
}
