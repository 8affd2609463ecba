using System;
using ShapeSharp.Training;
using TorchSharp;

namespace ShapeSharp.Runtime.Tests.Devices;

public class TrainingDeviceTests
{
    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1)]
    [InlineData("CPU", DeviceType.CPU, -1)]
    [InlineData(" cuda ", DeviceType.CUDA, -1)]
    [InlineData("cuda:0", DeviceType.CUDA, 0)]
    [InlineData("Cuda:3", DeviceType.CUDA, 3)]
    public void Parse_reads_cpu_cuda_and_cuda_n(string text, DeviceType type, int index)
    {
        var device = TrainingDevice.Parse(text);
        Assert.NotNull(device);
        Assert.Equal(type, device!.type);
        Assert.Equal(index, device.index);
    }

    [Fact]
    public void Parse_reads_auto_as_null()
    {
        Assert.Null(TrainingDevice.Parse("auto"));
        Assert.Null(TrainingDevice.Parse("AUTO"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1:2")]
    public void Parse_refuses_anything_else_naming_the_choices(string text)
    {
        var error = Assert.Throws<FormatException>(() => TrainingDevice.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains("auto, cpu, cuda or cuda:N", error.Message);
    }

    [Fact]
    public void Null_resolves_to_cuda_when_available_else_cpu()
    {
        var device = TrainingDevice.Resolve(null);
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Fact]
    public void Cpu_resolves_to_itself()
    {
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve(torch.CPU).type);
    }

    [NoCudaFact]
    public void Cuda_without_cuda_is_a_clear_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingDevice.Resolve(new torch.Device(DeviceType.CUDA, 1)));
        Assert.Contains("device cuda:1: CUDA is not available here", error.Message);
    }

    [CudaFact]
    public void A_cuda_index_past_the_last_gpu_names_the_count()
    {
        var count = torch.cuda.device_count();
        var error = Assert.Throws<ArgumentException>(() => TrainingDevice.Resolve(new torch.Device(DeviceType.CUDA, count)));
        Assert.Contains($"this machine has {count} CUDA device", error.Message);
        Assert.Equal(DeviceType.CUDA, TrainingDevice.Resolve(new torch.Device(DeviceType.CUDA, count - 1)).type);
    }

    [Fact]
    public void Describe_prints_the_device_as_torch_does()
    {
        Assert.Equal("cpu", TrainingDevice.Describe(torch.CPU));
        Assert.Equal("cuda", TrainingDevice.Describe(new torch.Device(DeviceType.CUDA)));
        Assert.Equal("cuda:2", TrainingDevice.Describe(new torch.Device(DeviceType.CUDA, 2)));
    }
}
