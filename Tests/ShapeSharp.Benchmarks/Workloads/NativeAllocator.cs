using System;
using System.Runtime.InteropServices;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// glibc's malloc gives freed blocks above its mmap and trim thresholds back to the OS. A train step
/// or forward frees and re-allocates megabytes of activations every call, so with the default settings
/// each call may fault that memory back in, and whether it does depends on the process's history: on
/// this machine the Fashion CNN forward took 25-53 ms instead of 11-12 ms, for hand-written and
/// generated code alike, and which of two alternated variants suffered changed from run to run. The
/// timing benchmarks therefore keep freed memory in the process (mmap threshold at its 32 MB maximum,
/// no trimming), so that they compare the code and not the allocator's state.
/// SHAPESHARP_BENCH_MALLOC=default leaves glibc as it is (to see the effect).
/// </summary>
internal static class NativeAllocator
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    public static string Setting { get; private set; } = "glibc defaults";

    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("SHAPESHARP_BENCH_MALLOC") == "default")
        {
            return;
        }

        if (mallopt(MmapThreshold, 32 << 20) != 1 || mallopt(TrimThreshold, int.MaxValue) != 1)
        {
            throw new InvalidOperationException("mallopt refused the settings.");
        }

        Setting = "malloc keeps freed memory (M_MMAP_THRESHOLD 32 MB, M_TRIM_THRESHOLD max)";
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
