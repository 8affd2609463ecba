using System;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// A floating input (no Dtype, or a floating one) must be a floating tensor of the model's own
/// dtype, whatever .to() made it; the guard names the model and argument instead of a native error.
/// </summary>
public class InputDTypeTests
{
    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(CompositeSourcesUsings + """
        namespace Demo;

        [Input("B, 8")]
        [Linear(4), ReLU, Linear(2)]
        public partial class Stack;

        [Input("B, 8")]
        public partial class Block
        {
            [Linear(2)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(x);
        }
        """));

    private const string CompositeSourcesUsings = Composite.CompositeSources.Usings;

    private static nn.Module<Tensor, Tensor> Create(string name) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!)!;

    [Theory]
    [InlineData("Stack")]
    [InlineData("Block")]
    public void A_float64_tensor_into_a_float32_model_is_named(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Create(name);
        var error = Assert.Throws<ShapeMismatchException>(() => model.call(randn(3, 8, dtype: ScalarType.Float64)));
        Assert.Equal(name, error.Model);
        Assert.Equal("x", error.Argument);
        Assert.Contains("dtype Float64, expected Float32", error.Message);
    }

    [Theory]
    [InlineData("Stack")]
    [InlineData("Block")]
    public void Integer_ids_into_a_floating_input_are_named(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Create(name);
        var error = Assert.Throws<ShapeMismatchException>(() => model.call(ones(3, 8, dtype: ScalarType.Int64)));
        Assert.Contains("expected a floating-point tensor", error.Message);
        Assert.Contains("Dtype = DType.Int64", error.Message);
    }

    [Fact]
    public void The_check_follows_the_model_to_float64()
    {
        using var scope = NewDisposeScope();
        using var model = Create("Block");
        model.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, model.call(randn(3, 8, dtype: ScalarType.Float64)).dtype);
        var error = Assert.Throws<ShapeMismatchException>(() => model.call(randn(3, 8)));
        Assert.Contains("dtype Float32, expected Float64", error.Message);
    }

    [Fact]
    public void An_embedding_stack_over_a_floating_input_is_SS0007_at_the_shape()
    {
        var message = GeneratorHarness.SingleDiagnostic("""
            using ShapeSharp;
            [Input([|"B, 10"|])]
            [Embedding(100, 16), Flatten, Linear(2, In = 160)]
            public partial class M;
            """, "SS0007");
        Assert.Equal("Input: Dtype is Float32 (the default), but the first layer, Embedding, takes integer ids; declare Dtype = DType.Int64", message);
    }
}
