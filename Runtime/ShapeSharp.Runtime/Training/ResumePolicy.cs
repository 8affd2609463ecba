namespace ShapeSharp.Training;

/// <summary>What a resume does when the new run is not set up like the checkpoint's.</summary>
public enum ResumePolicy
{
    /// <summary>Refuse any difference that changes the batches or the learning rates (the default).</summary>
    Exact,

    /// <summary>
    /// Continue with the new settings: the next epoch starts at the position of the finished epochs
    /// on the new run's schedule (epochs done x new optimizer steps per epoch).
    /// </summary>
    Rebase,
}
