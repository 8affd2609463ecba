using System;

namespace ShapeSharp;

/// <summary>
/// Options shared by LSTM, GRU and RNN. BatchFirst defaults to true (unlike PyTorch): every other
/// ShapeSharp shape is batch-first, and [B, T, F] is what the tutorials feed.
/// </summary>
public abstract class RecurrentAttribute : SizedLayerAttribute
{
    /// <summary>Stacked recurrent layers. Default 1.</summary>
    public int Layers { get; set; } = 1;

    /// <summary>Runs a second layer backwards and concatenates: the output is 2 * hidden wide. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Input and output are [B, T, F] (default true, unlike PyTorch) rather than [T, B, F].</summary>
    public bool BatchFirst { get; set; } = true;

    /// <summary>Dropout between stacked layers while training. Default 0.</summary>
    public double Dropout { get; set; }

    /// <summary>Adds the input and hidden biases. Default true.</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>
/// nn.LSTM; the positional size is the hidden size. In a block that returns a tuple it gives
/// (output, h_n, c_n); otherwise the output sequence [B, T, hidden * directions].
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute : RecurrentAttribute
{
    /// <param name="hiddenSize">The size of the hidden state (and of the output, per direction).</param>
    public LSTMAttribute(int hiddenSize) { }
}

/// <summary>nn.GRU: (output, h_n) in a block that returns a tuple, else the output sequence.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GRUAttribute : RecurrentAttribute
{
    /// <param name="hiddenSize">The size of the hidden state (and of the output, per direction).</param>
    public GRUAttribute(int hiddenSize) { }
}

/// <summary>nn.RNN (tanh): (output, h_n) in a block that returns a tuple, else the output sequence.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class RNNAttribute : RecurrentAttribute
{
    /// <param name="hiddenSize">The size of the hidden state (and of the output, per direction).</param>
    public RNNAttribute(int hiddenSize) { }
}
