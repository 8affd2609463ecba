using System;
using System.Runtime.InteropServices;

namespace ShapeSharp.Training;

/// <summary>
/// glibc's malloc gives freed blocks above its mmap and trim thresholds back to the OS. A training
/// step frees and re-allocates megabytes of activations every call, so with the default settings a
/// step may fault that memory back in, and whether it does depends on the process's history: on a
/// 2-core machine the Fashion CNN forward took 25-53 ms instead of 11-12 ms (docs/benchmarks.md).
/// <see cref="KeepFreedMemory"/> keeps freed memory in the process instead (mmap threshold at its
/// 32 MB maximum, no trimming), as a long-running training program wants. It is process-wide, so
/// it is the program's call, not the library's: the samples and the benchmarks make it first thing.
/// </summary>
public static class NativeMemory
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    /// <summary>What the allocator is set to, for a run's log.</summary>
    public static string Setting { get; private set; } = "glibc defaults";

    /// <summary>
    /// On Linux (glibc), keeps freed memory in the process. SHAPESHARP_MALLOC=default leaves the
    /// allocator alone (to see the effect). Returns whether the setting was applied.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("SHAPESHARP_MALLOC") == "default")
        {
            return false;
        }

        try
        {
            if (mallopt(MmapThreshold, 32 << 20) != 1 || mallopt(TrimThreshold, int.MaxValue) != 1)
            {
                return false;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, say): nothing to set.
            return false;
        }

        Setting = "malloc keeps freed memory (M_MMAP_THRESHOLD 32 MB, M_TRIM_THRESHOLD max)";
        return true;
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
