using System;

namespace ShapeSharp;

/// <summary>
/// nn.Upsample: enlarges the spatial dims of [N, C, *spatial] by a scale factor
/// (<c>[Upsample(2)]</c>) or to a size (<c>[Upsample(Size = new[] { 20, 24 })]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class UpsampleAttribute : LayerAttribute
{
    /// <summary>Sized by <see cref="Size"/>.</summary>
    public UpsampleAttribute() { }

    /// <param name="scaleFactor">Each spatial dim becomes floor(n * scaleFactor).</param>
    public UpsampleAttribute(double scaleFactor) { }

    /// <summary>The output's spatial size: an int for every axis or an int[] with one per axis (instead of a scale factor).</summary>
    public object? Size { get; set; }

    /// <summary>"nearest" (default; 1 to 3 spatial dims) or "bilinear" ([N, C, H, W]).</summary>
    public string Mode { get; set; } = "nearest";

    /// <summary>Bilinear only: aligns the corner pixels of input and output. Default false.</summary>
    public bool AlignCorners { get; set; }
}

/// <summary>nn.PixelShuffle: [*, C r², H, W] -> [*, C, H r, W r] (sub-pixel convolution).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PixelShuffleAttribute : LayerAttribute
{
    /// <param name="upscaleFactor">r: the factor each spatial dim grows by.</param>
    public PixelShuffleAttribute(int upscaleFactor) { }
}

/// <summary>nn.PixelUnshuffle: [*, C, H r, W r] -> [*, C r², H, W], the inverse of PixelShuffle.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class PixelUnshuffleAttribute : LayerAttribute
{
    /// <param name="downscaleFactor">r: the factor each spatial dim shrinks by.</param>
    public PixelUnshuffleAttribute(int downscaleFactor) { }
}

/// <summary>nn.ZeroPad2d: pads the last two dims of [N, C, H, W] (or [C, H, W]) with zeros.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ZeroPad2dAttribute : LayerAttribute
{
    /// <param name="padding">The same padding on all four sides.</param>
    public ZeroPad2dAttribute(int padding) { }

    /// <summary>Padding per side, in PyTorch's order (the last dim first).</summary>
    public ZeroPad2dAttribute(int left, int right, int top, int bottom) { }
}

/// <summary>nn.ReflectionPad2d: pads the last two dims of [N, C, H, W] (or [C, H, W]) with their reflection; each pad must be smaller than the dim.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ReflectionPad2dAttribute : LayerAttribute
{
    /// <param name="padding">The same padding on all four sides.</param>
    public ReflectionPad2dAttribute(int padding) { }

    /// <summary>Padding per side, in PyTorch's order (the last dim first).</summary>
    public ReflectionPad2dAttribute(int left, int right, int top, int bottom) { }
}

/// <summary>nn.Unflatten: one dim becomes several, whose product is its size (one may be -1 and is inferred).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class UnflattenAttribute : LayerAttribute
{
    /// <param name="dim">The dim to unflatten; negative counts from the end.</param>
    /// <param name="sizes">The sizes it becomes.</param>
    public UnflattenAttribute(int dim, params int[] sizes) { }
}
