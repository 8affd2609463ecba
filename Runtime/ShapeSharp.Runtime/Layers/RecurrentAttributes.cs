using System;

namespace ShapeSharp;

/// <summary>
/// Options shared by LSTM, GRU and RNN. BatchFirst defaults to true (unlike PyTorch): every other
/// ShapeSharp shape is batch-first, and [B, T, F] is what the tutorials feed.
/// </summary>
public abstract class RecurrentAttribute : SizedLayerAttribute
{
    public int Layers { get; set; } = 1;
    public bool Bidirectional { get; set; }
    public bool BatchFirst { get; set; } = true;
    public double Dropout { get; set; }
    public bool Bias { get; set; } = true;
}

/// <summary>
/// nn.LSTM; the positional size is the hidden size. In a block that returns a tuple it gives
/// (output, h_n, c_n); otherwise the output sequence [B, T, hidden * directions].
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute : RecurrentAttribute
{
    public LSTMAttribute(int hiddenSize) { }
}

/// <summary>nn.GRU: (output, h_n) in a block that returns a tuple, else the output sequence.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GRUAttribute : RecurrentAttribute
{
    public GRUAttribute(int hiddenSize) { }
}

/// <summary>nn.RNN (tanh): (output, h_n) in a block that returns a tuple, else the output sequence.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class RNNAttribute : RecurrentAttribute
{
    public RNNAttribute(int hiddenSize) { }
}
