using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// A Kineto trace (Chrome trace JSON: CPU ops, CUDA runtime calls, kernels) through libShapeSharpProfiler.so
/// (gpu/profiler/, built on the GPU machine by run.sh's `profiler-lib`): TorchSharp has no profiler binding.
/// The library is looked for beside the program, or where SHAPESHARP_PROFILER names it.
/// </summary>
internal sealed class KinetoTrace : IDisposable
{
    private delegate IntPtr StartFunction();

    private delegate IntPtr StopFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    private readonly StopFunction _stop;
    private readonly string _path;

    private KinetoTrace(IntPtr library, string path)
    {
        _path = path;
        _stop = Marshal.GetDelegateForFunctionPointer<StopFunction>(NativeLibrary.GetExport(library, "shapesharp_profiler_stop"));
        var start = Marshal.GetDelegateForFunctionPointer<StartFunction>(NativeLibrary.GetExport(library, "shapesharp_profiler_start"));
        Check(start(), "start");
    }

    /// <summary>Starts recording; <see cref="Dispose"/> stops and writes the trace to <paramref name="path"/>.</summary>
    public static KinetoTrace Start(string path)
    {
        var file = Environment.GetEnvironmentVariable("SHAPESHARP_PROFILER") ?? Path.Combine(AppContext.BaseDirectory, "libShapeSharpProfiler.so");
        if (!NativeLibrary.TryLoad(file, out var library))
        {
            throw new ArgumentException($"--profile: no profiler library at {file} (gpu/run.sh profiler-lib builds it on the GPU machine).");
        }

        return new KinetoTrace(library, Path.GetFullPath(path));
    }

    public void Dispose()
    {
        Check(_stop(_path), "stop");
        Console.WriteLine($"trace written to {_path}");
    }

    private static void Check(IntPtr error, string what)
    {
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException($"profiler {what}: {Marshal.PtrToStringUTF8(error)}");
        }
    }
}
