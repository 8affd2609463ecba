using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// Every shape of generated model moves with Module.to (the zoo's models are moved in the
/// Definitions tests): a sequential stack with a sub-model, a Repeat stack of it, a named layer
/// and ShapeSharp's own modules; a composite model with blocks of one and of several layers.
/// </summary>
public class MoveTests
{
    private const string Sources = """
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Demo;

        [Input("B, 16")]
        [Linear(16), RMSNorm, GELU]
        public partial class Cell;

        [Input("B, 4, 4")]
        [Reshape(16), Layer<Cell>, Layer<Cell>(Repeat = 2), Linear(8, Name = "head"), Reshape(2, 4), Permute(0, 2, 1)]
        public partial class Stacked;

        [Input("B, 16")]
        public partial class Blocks
        {
            [Linear(16)] private partial Tensor One(Tensor x);
            [LayerNorm, Layer<Cell>(Repeat = 2), Dropout(0.1)] private partial Tensor Several(Tensor x);

            public override Tensor forward(Tensor x) => Several(One(x)) + x;
        }
        """;

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(Sources));

    [Theory]
    [InlineData("Stacked", 4, 4)]
    [InlineData("Blocks", 16)]
    public void Moves_to_each_floating_dtype_and_back(string name, params int[] sample)
    {
        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!)!;
        model.eval();
        var names = model.state_dict().Keys.ToList();
        var input = randn(new long[] { 2 }.Concat(sample.Select(d => (long)d)).ToArray());
        var expected = model.call(input);

        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.BFloat16, ScalarType.Float16, ScalarType.Float32 })
        {
            model.to(dtype);
            Assert.Equal(names, model.state_dict().Keys.ToList());
            Assert.All(model.parameters(), p => Assert.Equal(dtype, p.dtype));
        }

        Assert.Equal(expected.shape, model.call(input).shape);
        Assert.Equal(ScalarType.Float64, model.@double().call(input.@double()).dtype);
        Assert.Equal(ScalarType.Float32, model.to(CPU, ScalarType.Float32).call(input).dtype);
    }

    [Fact]
    public void A_sub_model_in_a_class_level_stack_is_built_with_pytorch_names()
    {
        // [Layer<T>] on the class used to leave the model without code (the sub-model was not parsed).
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo.Stacked", throwOnError: true)!)!;
        var names = model.state_dict().Keys.ToList();
        Assert.Contains("layers.1.layers.0.weight", names);
        Assert.Contains("layers.2.1.layers.1.weight", names);
        Assert.Contains("layers.head.weight", names);
        Assert.Equal(model.parameters().Sum(p => p.numel()), (long)model.GetType().GetField("ParameterCount")!.GetValue(null)!);
    }
}
