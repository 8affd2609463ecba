namespace ShapeSharp.Samples;

/// <summary>The samples' exit codes (docs/training.md, "The samples' command line").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run failed: bad data, a bad checkpoint, an unusable --out, a non-finite loss.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong (an unknown option, a value out of range).</summary>
    public const int Usage = 2;

    /// <summary>The run finished but the model did not reach its goal (XOR: not 4/4).</summary>
    public const int NotLearned = 3;

    /// <summary>A bug: an exception no library or sample check anticipated.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by Ctrl-C (SIGINT) or SIGTERM, after writing a checkpoint; 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
