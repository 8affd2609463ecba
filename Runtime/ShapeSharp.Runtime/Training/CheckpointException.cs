using System;
using System.IO;

namespace ShapeSharp.Training;

/// <summary>
/// A checkpoint could not be read, is damaged, or does not fit the model or the run; the message
/// names the file and the problem. The model and optimizer were not changed.
/// </summary>
public class CheckpointException : IOException
{
    public CheckpointException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
