using System;
using System.IO;

namespace ShapeSharp.Data;

/// <summary>A data file is missing, truncated or not what it claims to be; the message starts with its path.</summary>
public sealed class DataFormatException : IOException
{
    /// <summary>A problem in <paramref name="path"/> (a file or folder); the message starts with the path.</summary>
    public DataFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
    }
}
