using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Runtime.Tests.Devices;
using ShapeSharp.Runtime.Tests.Training;
using TorchSharp;

namespace ShapeSharp.Runtime.Tests.Data;

public class DataLoaderPinTests
{
    private static float[][] Epoch(DataLoader loader) =>
        loader.Select(b => b.Input.contiguous().data<float>().ToArray()).ToArray();

    [Fact]
    public void Pinning_changes_neither_the_batches_nor_the_shuffled_order()
    {
        using var data = TinyModel.Data(50, 7);
        var plain = new DataLoader(data, 8, shuffle: true, seed: 11);
        var pinned = new DataLoader(data, 8, shuffle: true, seed: 11) { PinMemory = true };
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            Assert.Equal(plain.Order(epoch), pinned.Order(epoch));
            plain.SetEpoch(epoch);
            pinned.SetEpoch(epoch);
            Assert.Equal(Epoch(plain), Epoch(pinned));
        }

        Assert.NotEqual(plain.Order(1), plain.Order(2));
    }

    [NoCudaFact]
    public void Without_cuda_pin_memory_is_ignored()
    {
        using var data = TinyModel.Data(20, 7);
        var loader = new DataLoader(data, 8) { PinMemory = true };
        Assert.All(loader, batch => Assert.False(batch.Input.is_pinned()));
    }

    [CudaFact]
    public void With_cuda_batches_are_pinned()
    {
        using var data = TinyModel.Data(20, 7);
        var loader = new DataLoader(data, 8, shuffle: true) { PinMemory = true };
        Assert.All(loader, batch =>
        {
            Assert.True(batch.Input.is_pinned());
            Assert.True(batch.Target.is_pinned());
        });
        Assert.All(new DataLoader(data, 8), batch => Assert.False(batch.Input.is_pinned()));
    }

    [CudaFact]
    public void A_dataset_already_on_cuda_is_shuffled_with_the_cpu_order()
    {
        using var data = TinyModel.Data(20, 7);
        using var onGpu = new TensorDataset(data.Inputs.cuda(), data.Targets.cuda());
        var cpu = new DataLoader(data, 8, shuffle: true, seed: 3);
        var gpu = new DataLoader(onGpu, 8, shuffle: true, seed: 3) { PinMemory = true };
        Assert.Equal(Epoch(cpu), gpu.Select(b => b.Input.cpu().data<float>().ToArray()).ToArray());
    }
}
