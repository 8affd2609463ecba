using System;
using System.IO;

namespace ShapeSharp.Training;

/// <summary>A checkpoint could not be read or does not fit the model; the model was not changed.</summary>
public sealed class CheckpointException : IOException
{
    public CheckpointException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
