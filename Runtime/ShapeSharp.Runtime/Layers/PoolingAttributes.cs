using System;

namespace ShapeSharp;

/// <summary>
/// The options of max and average pooling (PyTorch's names and defaults). The positional values
/// are the kernel: one for every spatial axis, or one per axis (<c>MaxPool2d(3, 1)</c>).
/// </summary>
public abstract class PoolingAttribute : LayerAttribute
{
    /// <summary>Stride: an int or an int[] with one per spatial axis; default (or 0): the kernel, as PyTorch's None.</summary>
    public object? Stride { get; set; }

    /// <summary>Implicit padding on both sides: an int or an int[] with one per spatial axis, at most half the kernel. Default 0.</summary>
    public object Padding { get; set; } = 0;

    /// <summary>Rounds the output size up instead of down (a window may then start in the right padding, never past it). Default false.</summary>
    public bool CeilMode { get; set; }
}

/// <summary>The options of max pooling: pooling's, plus <see cref="Dilation"/>.</summary>
public abstract class MaxPoolAttribute : PoolingAttribute
{
    /// <summary>Spacing between window elements: an int or an int[] with one per spatial axis. Default 1.</summary>
    public object Dilation { get; set; } = 1;
}

/// <summary>The options of average pooling: pooling's, plus <see cref="CountIncludePad"/>.</summary>
public abstract class AvgPoolAttribute : PoolingAttribute
{
    /// <summary>Counts the zero padding in each average. Default true.</summary>
    public bool CountIncludePad { get; set; } = true;
}

/// <summary>nn.MaxPool1d over [N, C, L]: the maximum of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool1dAttribute : MaxPoolAttribute
{
    /// <param name="kernel">The window size.</param>
    public MaxPool1dAttribute(params int[] kernel) { }
}

/// <summary>nn.MaxPool2d over [N, C, H, W]: the maximum of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2dAttribute : MaxPoolAttribute
{
    /// <param name="kernel">The window size: one for both axes, or (height, width).</param>
    public MaxPool2dAttribute(params int[] kernel) { }
}

/// <summary>nn.MaxPool3d over [N, C, D, H, W]: the maximum of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool3dAttribute : MaxPoolAttribute
{
    /// <param name="kernel">The window size: one for every axis, or (depth, height, width).</param>
    public MaxPool3dAttribute(params int[] kernel) { }
}

/// <summary>nn.AvgPool1d over [N, C, L]: the mean of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool1dAttribute : AvgPoolAttribute
{
    /// <param name="kernel">The window size.</param>
    public AvgPool1dAttribute(params int[] kernel) { }
}

/// <summary>nn.AvgPool2d over [N, C, H, W]: the mean of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2dAttribute : AvgPoolAttribute
{
    /// <param name="kernel">The window size: one for both axes, or (height, width).</param>
    public AvgPool2dAttribute(params int[] kernel) { }

    /// <summary>Divides each window's sum by this instead of its size; 0 (default): the size.</summary>
    public int DivisorOverride { get; set; }
}

/// <summary>nn.AvgPool3d over [N, C, D, H, W]: the mean of each window.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool3dAttribute : AvgPoolAttribute
{
    /// <param name="kernel">The window size: one for every axis, or (depth, height, width).</param>
    public AvgPool3dAttribute(params int[] kernel) { }

    /// <summary>Divides each window's sum by this instead of its size; 0 (default): the size.</summary>
    public int DivisorOverride { get; set; }
}

/// <summary>nn.AdaptiveAvgPool1d: the mean over windows that give the requested length, whatever the input's.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveAvgPool1dAttribute : LayerAttribute
{
    /// <param name="size">The output length.</param>
    public AdaptiveAvgPool1dAttribute(int size) { }
}

/// <summary>nn.AdaptiveAvgPool2d: the mean over windows that give the requested spatial size, whatever the input's.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveAvgPool2dAttribute : LayerAttribute
{
    /// <param name="size">The output height and width.</param>
    public AdaptiveAvgPool2dAttribute(int size) { }

    /// <param name="height">The output height.</param>
    /// <param name="width">The output width.</param>
    public AdaptiveAvgPool2dAttribute(int height, int width) { }
}

/// <summary>nn.AdaptiveMaxPool1d: the maximum over windows that give the requested length, whatever the input's.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveMaxPool1dAttribute : LayerAttribute
{
    /// <param name="size">The output length.</param>
    public AdaptiveMaxPool1dAttribute(int size) { }
}

/// <summary>nn.AdaptiveMaxPool2d: the maximum over windows that give the requested spatial size, whatever the input's.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveMaxPool2dAttribute : LayerAttribute
{
    /// <param name="size">The output height and width.</param>
    public AdaptiveMaxPool2dAttribute(int size) { }

    /// <param name="height">The output height.</param>
    /// <param name="width">The output width.</param>
    public AdaptiveMaxPool2dAttribute(int height, int width) { }
}
