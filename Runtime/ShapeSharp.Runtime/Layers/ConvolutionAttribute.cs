namespace ShapeSharp;

/// <summary>
/// The options every convolution takes (PyTorch's names and defaults). The positional size of a
/// convolution is its number of output channels; the input channels are inferred.
/// </summary>
/// <remarks>
/// Kernel, Stride, Padding and Dilation take one int for every spatial axis or an int[] with one
/// per axis (<c>Kernel = new[] { 3, 1 }</c>), as PyTorch takes an int or a tuple; attribute
/// arguments cannot be tuples, so these options are typed <see cref="object"/> and the analyzer
/// checks what they hold (SS0007).
/// </remarks>
public abstract class ConvolutionAttribute : SizedLayerAttribute
{
    /// <summary>Kernel size: an int, or an int[] with one per spatial axis; required.</summary>
    public object? Kernel { get; set; }

    /// <summary>
    /// Stride: an int or an int[] with one per spatial axis; default 1. A convolution (not a
    /// transposed one) also takes a model size or size expression (<c>Stride = "S"</c>), one value
    /// for every axis, so a sub-model takes its stride per use (<c>[Layer&lt;T&gt;(Sizes = "S = 2")]</c>).
    /// </summary>
    public object Stride { get; set; } = 1;

    /// <summary>
    /// Zero padding on both sides: an int or an int[] with one per spatial axis; default 0. A
    /// convolution (not a transposed one) also takes "same" (the output keeps the input's size;
    /// Stride must be 1) and "valid" (no padding), as in PyTorch.
    /// </summary>
    public object Padding { get; set; } = 0;

    /// <summary>
    /// Spacing between kernel elements: an int or an int[] with one per spatial axis; default 1. A
    /// convolution also takes a model size (<c>Dilation = "D"</c>), as Stride does.
    /// </summary>
    public object Dilation { get; set; } = 1;

    /// <summary>
    /// Groups of channels convolved separately; must divide the input and output channel counts.
    /// Default 1. An int, or (a convolution) a model size or size expression, such as a depthwise
    /// conv's <c>Groups = "C * Expand"</c>; the constructor then checks that it divides.
    /// </summary>
    public object Groups { get; set; } = 1;

    /// <summary>Adds a learned bias per output channel. Default true.</summary>
    public bool Bias { get; set; } = true;
}
