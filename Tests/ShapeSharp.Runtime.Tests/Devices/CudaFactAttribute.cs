using TorchSharp;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>A test that needs a CUDA device: skipped, saying so, where torch sees none (CI, this machine).</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available())
        {
            Skip = "CUDA is not available here; these run on a GPU machine.";
        }
    }
}

/// <summary>A test of what happens where CUDA is absent: skipped on a machine that has it.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (torch.cuda.is_available())
        {
            Skip = "CUDA is available here; this test checks the error given where it is not.";
        }
    }
}
