using System;
using System.Linq;
using ShapeSharp.Runtime.Tests.Devices;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>Checkpoints load into a model of another floating dtype or on another device, still all or nothing.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class CheckpointPlacementTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SaveOf(nn.Module model) 
    {
        var path = _temp.File(Guid.NewGuid().ToString("N") + ".bin");
        Checkpoint.Save(path, model, null, new CheckpointInfo(1, 4, null, new History()));
        return path;
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void A_float32_checkpoint_loads_into_a_model_of_another_floating_dtype(ScalarType dtype)
    {
        using var saved = SeededTinyModel.Create(1);
        var path = SaveOf(saved);
        using var target = SeededTinyModel.Create(2);
        target.to(dtype);

        Checkpoint.Load(path, target);

        Assert.All(target.parameters(), p => Assert.Equal(dtype, p.dtype));
        var tolerance = dtype == ScalarType.Float64 ? 0 : 1e-2;
        foreach (var (expected, actual) in saved.parameters().Zip(target.parameters()))
        {
            using var wide = actual.detach().to_type(ScalarType.Float32);
            Assert.True(wide.allclose(expected, rtol: tolerance, atol: tolerance), $"{dtype}: the weights were converted, not lost");
        }
    }

    [Fact]
    public void A_float64_checkpoint_loads_into_a_float32_model_and_round_trips_back()
    {
        using var wide = SeededTinyModel.Create(3);
        wide.to(ScalarType.Float64);
        var path = SaveOf(wide);
        using var narrow = SeededTinyModel.Create(4);

        Checkpoint.Load(path, narrow);

        Assert.All(narrow.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal(DevicePlacementTests.Weights(wide).Select(w => (float)w), TinyModel.Weights(narrow));
    }

    [Fact]
    public void A_value_the_models_dtype_cannot_hold_is_refused_and_nothing_changes()
    {
        using var wide = SeededTinyModel.Create(3);
        wide.to(ScalarType.Float64);
        using (no_grad())
        {
            wide.parameters().Last()[0] = tensor(1e300, ScalarType.Float64);
        }

        var path = SaveOf(wide);
        using var narrow = SeededTinyModel.Create(4);
        var before = TinyModel.Weights(narrow);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, narrow));
        Assert.Contains("NaN or infinite", error.Message);
        Assert.Contains("once converted from Float64 to the model's Float32", error.Message);
        Assert.Equal(before, TinyModel.Weights(narrow));
    }

    [Fact]
    public void A_shape_mismatch_is_still_refused_across_dtypes()
    {
        using var saved = SeededTinyModel.Create(1);
        var path = SaveOf(saved);
        using var other = new TinyModel(inputs: 5);
        other.to(ScalarType.Float64);
        var before = DevicePlacementTests.Weights(other);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, other));
        Assert.Contains("but the model expects Float64 [8, 5]", error.Message);
        Assert.Equal(before, DevicePlacementTests.Weights(other));
    }

    [CudaFact]
    public void A_checkpoint_saved_from_cuda_loads_on_the_cpu_and_back()
    {
        using var onGpu = SeededTinyModel.Create(5);
        onGpu.to(new Device(DeviceType.CUDA));
        var path = SaveOf(onGpu);
        using var onCpu = SeededTinyModel.Create(6);
        Checkpoint.Load(path, onCpu);
        Assert.Equal(DevicePlacementTests.Weights(onGpu), DevicePlacementTests.Weights(onCpu));

        using var back = SeededTinyModel.Create(7);
        back.to(new Device(DeviceType.CUDA));
        Checkpoint.Load(SaveOf(onCpu), back);
        Assert.All(back.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
        Assert.Equal(DevicePlacementTests.Weights(onCpu), DevicePlacementTests.Weights(back));
    }
}
