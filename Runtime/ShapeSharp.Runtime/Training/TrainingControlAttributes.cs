using System;

namespace ShapeSharp;

/// <summary>Which direction of the monitored value is better.</summary>
public enum MonitorMode
{
    /// <summary>Lower is better for names containing "loss", "error" or "mae"; higher otherwise (Keras' "auto").</summary>
    Auto,
    Min,
    Max,
}

/// <summary>
/// Stop when the monitored value has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs (Keras' EarlyStopping / Lightning's EarlyStopping).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public class EarlyStoppingAttribute : Attribute
{
    public EarlyStoppingAttribute() { }

    public EarlyStoppingAttribute(int patience) => Patience = patience;

    public int Patience { get; set; } = 3;

    public double MinDelta { get; set; }

    /// <summary>A history column: "val_loss" (default), "val_accuracy", "loss", ...</summary>
    public string Monitor { get; set; } = "val_loss";

    public MonitorMode Mode { get; set; } = MonitorMode.Auto;

    /// <summary>At the end of training, put back the weights of the best epoch.</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>True when a larger monitored value is better.</summary>
    public bool HigherIsBetter => Mode switch
    {
        MonitorMode.Max => true,
        MonitorMode.Min => false,
        _ => !(Monitor.Contains("loss", StringComparison.OrdinalIgnoreCase)
               || Monitor.Contains("error", StringComparison.OrdinalIgnoreCase)
               || Monitor.Contains("mae", StringComparison.OrdinalIgnoreCase)),
    };
}

/// <summary>Rescale gradients so their global L2 norm is at most <see cref="MaxNorm"/> (clip_grad_norm_).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public class GradientClippingAttribute : Attribute
{
    public GradientClippingAttribute() { }

    public GradientClippingAttribute(double maxNorm) => MaxNorm = maxNorm;

    public double MaxNorm { get; set; } = 1.0;
}

/// <summary>Accumulate the gradients of <see cref="Steps"/> batches per optimizer step (a larger effective batch).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public class GradientAccumulationAttribute : Attribute
{
    public GradientAccumulationAttribute() { }

    public GradientAccumulationAttribute(int steps) => Steps = steps;

    public int Steps { get; set; } = 1;
}
