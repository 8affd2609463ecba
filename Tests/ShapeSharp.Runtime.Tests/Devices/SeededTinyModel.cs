using ShapeSharp.Runtime.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>
/// TinyModels whose weights come from a generator of their own: test classes run in parallel, and
/// another test's manual_seed would make two "equal" models differ.
/// </summary>
internal static class SeededTinyModel
{
    public static TinyModel Create(long seed)
    {
        var model = new TinyModel();
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
        {
            using var values = randn(p.shape, generator: generator);
            p.copy_(values.mul_(0.4));
        }

        return model;
    }
}
