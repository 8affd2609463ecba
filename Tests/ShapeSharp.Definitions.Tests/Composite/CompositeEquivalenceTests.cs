using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// The generated parts of every composite model compute what the same model written by hand in
/// TorchSharp computes: same state-dict names, so the weights move across unchanged, and the same
/// outputs from them.
/// </summary>
public class CompositeEquivalenceTests
{
    /// <summary>
    /// Models whose hand-written twin legitimately orders its float ops differently, and by how much
    /// their outputs may then differ (relative and absolute). Every other model must match exactly.
    /// </summary>
    private static readonly Dictionary<string, double> Tolerances = new()
    {
        // The twin computes RoPE's frequencies as 1 / base^(2i/D) (Hugging Face); the model as
        // exp(-2i ln(base) / D). Equal in exact arithmetic, a few ulps apart in float32; the outputs
        // then differ by about 4e-7.
        ["LlamaBlock"] = 1e-6,
        ["LlamaMini"] = 1e-6,

        // A generated Linear on [B, T, in] adds its bias inside one addmm (FusedLinear, as PyTorch's
        // aten::linear does); the twin's TorchSharp Linear multiplies, then adds: a few ulps apart.
        ["TransformerClassifier"] = 1e-6,
        ["GptBlock"] = 1e-6,
        ["VitBlock"] = 1e-6,
        ["TransformerEncoderLayer"] = 1e-6,
        ["VitTiny"] = 1e-6,
    };

    [Theory]
    [MemberData(nameof(CompositeCase.Names), MemberType = typeof(CompositeCase))]
    public void Generated_model_equals_hand_written_given_the_same_weights(string name)
    {
        var model = CompositeCase.Get(name);
        using var scope = NewDisposeScope();
        manual_seed(1234);
        using var generated = model.Generated();
        using var reference = model.HandWritten();

        Assert.Equal(reference.state_dict().Keys.Order(), generated.state_dict().Keys.Order());

        // Random weights from the generated model, and batch-norm running statistics that are not
        // the defaults, so the buffers are compared too.
        generated.train();
        using (no_grad())
        {
            CompositeCase.Call(generated, model.Inputs(2));
        }

        reference.load_state_dict(generated.state_dict());
        Assert.Equal(Parameters.DistinctCount(generated), Parameters.DistinctCount(reference));
        generated.eval();
        reference.eval();

        var inputs = model.Inputs(2);
        using (no_grad())
        {
            var expected = CompositeCase.Call(reference, inputs);
            var actual = CompositeCase.Call(generated, inputs);
            Assert.Equal(expected.shape, actual.shape);
            if (Tolerances.TryGetValue(name, out var tolerance))
            {
                var difference = (expected - actual).abs().max().item<float>();
                Assert.True(actual.allclose(expected, rtol: tolerance, atol: tolerance), $"{name}: largest difference {difference}");
            }
            else
            {
                // Exact float equality, element by element: the same kernels in the same order.
                Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
            }
        }
    }
}
