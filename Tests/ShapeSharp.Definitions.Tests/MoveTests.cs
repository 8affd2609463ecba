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

    private static ScalarType Dtype(nn.Module module) =>
        Assert.Single(module.parameters().Select(p => p.dtype).Distinct());
}
