using ShapeSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Modules;

/// <summary>FusedLinear computes what TorchSharp's Linear computes, forward and backward, for every rank and layout.</summary>
public class FusedLinearTests
{
    public static TheoryData<long[]> Shapes => new() { new long[] { 6, 16 }, new long[] { 2, 5, 16 }, new long[] { 2, 3, 4, 16 }, new long[] { 16 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_gradients_equal_linear(long[] shape)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var reference = nn.Linear(16, 8);
        using var fused = nn.Linear(16, 8);
        fused.load_state_dict(reference.state_dict());
        var x = randn(shape);
        var x1 = x.clone().requires_grad_();
        var x2 = x.clone().requires_grad_();

        var expected = reference.forward(x1);
        var actual = FusedLinear.Forward(fused, x2);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), "forward differs");

        var upstream = randn(expected.shape);
        expected.backward(new[] { upstream });
        actual.backward(new[] { upstream });
        Assert.True(fused.weight!.grad!.allclose(reference.weight!.grad!, rtol: 1e-5, atol: 1e-5), "weight gradient differs");
        Assert.True(fused.bias!.grad!.allclose(reference.bias!.grad!, rtol: 1e-5, atol: 1e-5), "bias gradient differs");
        Assert.True(x2.grad!.allclose(x1.grad!, rtol: 1e-5, atol: 1e-6), "input gradient differs");
    }

    [Fact]
    public void A_non_contiguous_input_and_a_layer_without_bias_give_linear_results()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var withBias = nn.Linear(16, 8);
        using var withoutBias = nn.Linear(16, 8, hasBias: false);
        var transposed = randn(5, 2, 16).transpose(0, 1);
        Assert.False(transposed.is_contiguous());

        Assert.True(FusedLinear.Forward(withBias, transposed).allclose(withBias.forward(transposed), rtol: 1e-5, atol: 1e-6));
        Assert.True(FusedLinear.Forward(withoutBias, randn(2, 5, 16)) is { } y && y.shape[^1] == 8);
    }
}
