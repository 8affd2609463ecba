using System;
using System.IO;

namespace ShapeSharp.Reporting;

/// <summary>
/// Writes a report file beside its target and renames it over the target, so a run killed mid-write
/// leaves the previous file or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the whole file at the path it is given (same extension as the target).</param>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.tmp-{Guid.NewGuid():N}{Path.GetExtension(full)}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
