using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Native;

/// <summary>TorchSharp's native library loads from this build's output (the libstdc++ patch works).</summary>
public class TorchLoadsTests
{
    [Fact]
    public void Matmul_runs_natively()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        using var c = a.matmul(b);
        Assert.Equal(new long[] { 2, 2 }, c.shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }
}
