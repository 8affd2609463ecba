namespace ShapeSharp;

/// <summary>
/// The options every convolution takes (PyTorch's names and defaults). The positional size of a
/// convolution is its number of output channels; the input channels are inferred.
/// </summary>
public abstract class ConvolutionAttribute : SizedLayerAttribute
{
    /// <summary>Kernel size (square); required.</summary>
    public int Kernel { get; set; }

    public int Stride { get; set; } = 1;

    public int Padding { get; set; }

    public int Dilation { get; set; } = 1;

    public int Groups { get; set; } = 1;

    public bool Bias { get; set; } = true;
}
