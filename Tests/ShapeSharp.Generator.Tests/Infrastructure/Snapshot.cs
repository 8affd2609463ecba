using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed <c>Snapshots/&lt;Class&gt;.&lt;name&gt;.verified.cs</c> beside the
/// test file. A difference writes <c>.received.cs</c> and fails with the differing lines;
/// <c>SHAPESHARP_ACCEPT=1</c> overwrites the verified file instead (review the diff before committing).
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{name}");
        var verified = stem + ".verified.cs";
        var received = stem + ".received.cs";
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable("SHAPESHARP_ACCEPT") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; wrote {received}. Accept with SHAPESHARP_ACCEPT=1."
            : $"Snapshot {verified} differs; wrote {received}.\n{Diff(expected, actual)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>The lines that differ, with line numbers (enough to see what changed).</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var text = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(a.Length, b.Length) && shown < 30; i++)
        {
            var left = i < a.Length ? a[i] : null;
            var right = i < b.Length ? b[i] : null;
            if (left != right)
            {
                text.AppendLine($"{i + 1,5} - {left}").AppendLine($"{i + 1,5} + {right}");
                shown++;
            }
        }

        return text.ToString();
    }
}
