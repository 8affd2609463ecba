using TorchSharp;
using Xunit;

namespace ShapeSharp.Tests;

// Linked into each test project that has CUDA tests (one definition); internal, so the GPU test runner,
// which references those projects together, sees no clash.

/// <summary>A test that needs a CUDA device: skipped, saying so, where torch sees none (CI, this machine).</summary>
internal sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute() => Skip = CudaSkip.WithoutCuda();
}

/// <summary>A theory that needs a CUDA device: skipped, saying so, where torch sees none.</summary>
internal sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute() => Skip = CudaSkip.WithoutCuda();
}

/// <summary>A test of what happens where CUDA is absent: skipped on a machine that has it.</summary>
internal sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (torch.cuda.is_available())
        {
            Skip = "CUDA is available here; this test checks the error given where it is not.";
        }
    }
}

internal static class CudaSkip
{
    public static string? WithoutCuda() =>
        torch.cuda.is_available() ? null : "CUDA is not available here; these run on a GPU machine (Tests/ShapeSharp.GpuTests).";
}
