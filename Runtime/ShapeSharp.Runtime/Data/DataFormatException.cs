using System;
using System.IO;

namespace ShapeSharp.Data;

/// <summary>A data file is missing, truncated or not what it claims to be; the message names the file.</summary>
public sealed class DataFormatException : IOException
{
    public DataFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>A problem in <paramref name="path"/>; the message starts with the path.</summary>
    public DataFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
    }
}
