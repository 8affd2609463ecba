using System.Collections.Generic;

namespace ShapeSharp.Training;

/// <summary>A resume would not continue the checkpoint's run exactly (or the run has finished); nothing was trained.</summary>
public sealed class ResumeMismatchException : CheckpointException
{
    public ResumeMismatchException(string message, IReadOnlyList<string> differences)
        : base(message) => Differences = differences;

    /// <summary>One line per setting that differs; empty when the run had finished.</summary>
    public IReadOnlyList<string> Differences { get; }
}
