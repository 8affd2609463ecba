using System;

namespace ShapeSharp.Training;

/// <summary>
/// The loss became NaN or infinite. Thrown before backward, so the weights are those of the last
/// good step; the message names the model, the epoch (when known) and the step.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    public NonFiniteLossException(string model, long step, double loss, int? epoch = null)
        : base($"{model}: the loss is {loss} at optimizer step {step}{(epoch is int e ? $" (epoch {e})" : "")}; " +
               "training stopped before applying it. Lower the learning rate, add gradient clipping, or check the data.")
    {
        Model = model;
        Step = step;
        Loss = loss;
        Epoch = epoch;
    }

    public string Model { get; }

    /// <summary>The 1-based optimizer step whose loss was not finite.</summary>
    public long Step { get; }

    public double Loss { get; }

    public int? Epoch { get; }
}
