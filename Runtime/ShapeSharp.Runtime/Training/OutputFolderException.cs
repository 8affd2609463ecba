using System;
using System.IO;

namespace ShapeSharp.Training;

/// <summary>An output folder cannot be used: another run holds it, it holds results, or it cannot be written.</summary>
public sealed class OutputFolderException : IOException
{
    public OutputFolderException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
