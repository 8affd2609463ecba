using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Definitions.Tests.Composite;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests;

/// <summary>
/// Every model of the zoo, sequential and composite, moves with Module.to: its parameters and
/// floating buffers take the new dtype, its state-dict names do not change, and it still runs.
/// (TorchSharp's ModuleDict, which the generated code used to register stacks in, made every move
/// throw "An item with the same key has already been added. Key: Item".)
/// </summary>
public class MoveTests
{
    public static IEnumerable<object[]> Cases =>
        Zoo.Keys.SelectMany(name => new[] { "Float64", "BFloat16" }.Select(dtype => new object[] { name, dtype }));

    public static IEnumerable<object[]> Names => Zoo.Keys.Select(name => new object[] { name });

    /// <summary>Each model by name: how to build it and a real batch of inputs.</summary>
    private static Dictionary<string, (Func<nn.Module> Create, Func<Tensor[]> Inputs)> Zoo { get; } =
        ModelCase.All.Select(c => (c.Name, (Create: (Func<nn.Module>)c.Generated, Inputs: (Func<Tensor[]>)(() => new[] { c.Input(2) }))))
            .Concat(CompositeCase.All.Select(c => (c.Name, (Create: c.Generated, Inputs: (Func<Tensor[]>)(() => c.Inputs(2))))))
            .ToDictionary(p => p.Name, p => p.Item2);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Moves_to_a_dtype_keeping_its_state_dict_names_and_runs(string name, string dtype)
    {
        using var scope = NewDisposeScope();
        var target = Enum.Parse<ScalarType>(dtype);
        var (create, makeInputs) = Zoo[name];
        using var module = create();
        module.eval();
        var inputs = makeInputs();
        var before = module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Tensor expected;
        using (no_grad())
        {
            expected = CompositeCase.Call(module, inputs);
        }

        Assert.Same(module, module.to(target));

        var after = module.state_dict();
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(module.named_parameters(), p => Assert.Equal(target, p.parameter.dtype));
        Assert.All(module.named_buffers().Where(b => b.buffer.is_floating_point()), b => Assert.Equal(target, b.buffer.dtype));

        // Converted, not drawn again: each entry is the old one in the new type, exactly.
        Assert.All(before, p => Assert.True(
            after[p.Key].eq(p.Value.is_floating_point() ? p.Value.to(target) : p.Value).all().item<bool>(), $"{p.Key} changed in the move"));

        using (no_grad())
        {
            var output = CompositeCase.Call(module, inputs.Select(x => x.is_floating_point() ? x.to(target) : x).ToArray());
            Assert.Equal(expected.shape, output.shape);
            Assert.Equal(target, output.dtype);
            Assert.True(output.isfinite().all().item<bool>(), $"{name} in {dtype} gives non-finite values");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Moves_with_every_spelling_of_to(string name)
    {
        using var scope = NewDisposeScope();
        using var module = Zoo[name].Create();

        Assert.Equal(ScalarType.Float64, Dtype(module.@double()));
        Assert.Equal(ScalarType.Float16, Dtype(module.half()));
        Assert.Equal(ScalarType.BFloat16, Dtype(module.bfloat16()));
        Assert.Equal(ScalarType.Float32, Dtype(module.to(CPU, ScalarType.Float32)));
        Assert.Equal(ScalarType.Float64, Dtype(module.to(new Device(DeviceType.CPU), ScalarType.Float64).cpu()));
        Assert.Equal(ScalarType.Float32, Dtype(module.@float()));
    }

    /// <summary>
    /// On a GPU: .cuda() moves every parameter and buffer, the CUDA forward computes what the CPU one does
    /// (within cuDNN's TF32 convolutions' rounding), .to(CUDA, float64) changes the dtype there, and .cpu()
    /// brings it all back; the state-dict names never change.
    /// </summary>
    [CudaTheory]
    [MemberData(nameof(Names))]
    public void Moves_to_cuda_and_back_computing_what_it_computes_on_the_cpu(string name)
    {
        using var scope = NewDisposeScope();
        var (create, makeInputs) = Zoo[name];
        using var module = create();
        module.eval();
        var inputs = makeInputs();
        var names = module.state_dict().Keys.ToList();
        Tensor expected;
        using (no_grad())
        {
            expected = CompositeCase.Call(module, inputs);
        }

        Assert.Same(module, module.cuda());
        Assert.Equal(names, module.state_dict().Keys);
        Assert.All(module.named_parameters(), p => Assert.Equal(DeviceType.CUDA, p.parameter.device_type));
        Assert.All(module.named_buffers(), b => Assert.Equal(DeviceType.CUDA, b.buffer.device_type));
        using (no_grad())
        {
            var output = CompositeCase.Call(module, inputs.Select(x => x.cuda()).ToArray());
            Assert.Equal(DeviceType.CUDA, output.device_type);
            var scale = Math.Max(1.0, expected.abs().max().item<float>());
            var difference = (output.cpu() - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-2 * scale, $"{name}: CUDA and CPU outputs differ by {difference}");
        }

        module.to(CUDA, ScalarType.Float64);
        Assert.All(module.parameters(), p => Assert.Equal((DeviceType.CUDA, ScalarType.Float64), (p.device_type, p.dtype)));
        module.cpu();
        Assert.All(module.parameters(), p => Assert.Equal((DeviceType.CPU, ScalarType.Float64), (p.device_type, p.dtype)));
        Assert.Equal(names, module.state_dict().Keys);
    }

    private static ScalarType Dtype(nn.Module module) =>
        Assert.Single(module.parameters().Select(p => p.dtype).Distinct());
}
