using System;
using System.Runtime;

namespace ShapeSharp.Definitions.Tests;

/// <summary>
/// Runs a call to TorchSharp's own optimizers with no garbage collection during it. Their steps pass
/// temporary Scalars (<c>add_(grad, alpha: -lr)</c>) whose finalizer a collection can run while the
/// native call still reads them (docs/decisions.md); ShapeSharp's code holds its Scalars, but a test
/// that pins TorchSharp's behaviour must call TorchSharp's code, and under the parallel test load
/// one in five runs saw such a step go wrong. Sections run one at a time: a no-GC region is process-wide.
/// </summary>
internal static class WithoutCollections
{
    private static readonly object Gate = new();

    public static void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (Gate)
        {
            var started = GC.TryStartNoGCRegion(16 * 1024 * 1024);
            try
            {
                action();
            }
            finally
            {
                // Another thread's allocations can use the budget up, which ends the region early.
                if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                {
                    GC.EndNoGCRegion();
                }
            }
        }
    }
}
