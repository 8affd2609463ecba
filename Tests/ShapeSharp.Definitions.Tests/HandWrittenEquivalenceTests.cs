using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests;

/// <summary>
/// The generated forward computes exactly what the hand-written TorchSharp module computes: same
/// state-dict names (the weights move across unchanged) and bit-identical outputs.
/// </summary>
public class HandWrittenEquivalenceTests
{
    [Theory]
    [MemberData(nameof(ModelCase.Names), MemberType = typeof(ModelCase))]
    public void Generated_forward_is_bit_identical_to_hand_written(string name)
    {
        var model = ModelCase.Get(name);
        using var scope = NewDisposeScope();
        manual_seed(1234);
        using var generated = model.Generated();
        using var reference = model.HandWritten();

        var generatedNames = generated.state_dict().Keys;
        Assert.Equal(reference.state_dict().Keys, generatedNames);

        // Random weights from the generated model, and running statistics that are not the
        // defaults, so batch norm's buffers are compared too.
        generated.train();
        using (no_grad())
        {
            generated.forward(model.Input(8));
        }

        reference.load_state_dict(generated.state_dict());
        generated.eval();
        reference.eval();

        var x = model.Input(6);
        using (no_grad())
        {
            var expected = reference.forward(x);
            var actual = generated.forward(x);
            Assert.Equal(expected.shape, actual.shape);
            // Exact float equality, element by element: the same kernels in the same order.
            Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        }
    }
}
