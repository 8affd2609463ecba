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
}
