using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests;

/// <summary>
/// Every test in this assembly runs torch on one intra-op thread, set once before any test runs.
/// xunit already runs test classes in parallel on every core; torch's own threads on top
/// oversubscribe the cores, and a small model's many short ops then wait on each other (on the
/// 2-core box under load, a 40-step seq2seq training loop took 35 s with 2 threads, 0.6 s with 1).
/// Once, not per test: the setting is process-wide, and a thread count changing in the middle of
/// a test could change the rounding of the exact-equality comparisons.
/// </summary>
internal static class OneTorchThread
{
#pragma warning disable CA2255 // A test assembly is an application, not a library: it owns the process's torch settings.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => set_num_threads(1);
}
