using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Definitions.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// For every composite Definitions model: a real forward produces the shape the generator inferred
/// at compile time, ParameterCount is the model's real size, and a wrong input is rejected by name.
/// </summary>
public class CompositeModelTests
{
    [Theory]
    [MemberData(nameof(CompositeCase.Names), MemberType = typeof(CompositeCase))]
    public void Real_forward_output_has_the_inferred_shape(string name)
    {
        var model = CompositeCase.Get(name);
        using var scope = NewDisposeScope();
        using var module = model.Generated();
        module.eval();
        foreach (var batch in new long[] { 1, 3 })
        {
            using var noGrad = no_grad();
            var output = CompositeCase.Call(module, model.Inputs(batch));

            // The inferred shape, dim by dim where it is known (a "?" dim promises nothing).
            if (model.Bind(model.OutputShape, batch) is { } inferred)
            {
                Assert.Equal(inferred.Length, output.shape.Length);
                for (var i = 0; i < inferred.Length; i++)
                {
                    if (inferred[i] is long dim)
                    {
                        Assert.True(dim == output.shape[i], $"{name} at batch {batch}: dim {i} is {output.shape[i]}, inferred {model.OutputShape} says {dim}.");
                    }
                }
            }

            // And the documented shape in full, which also covers what the checker left unknown.
            var documented = model.Bind(model.DocumentedShape, batch)!;
            Assert.Equal(documented.Select(d => d!.Value).ToArray(), output.shape);
        }
    }

    /// <summary>GptMini, whose head is tied, is in <see cref="TiedWeightTests"/> (a known TorchSharp behaviour).</summary>
    public static IEnumerable<object[]> NamesWithoutTiedWeights =>
        CompositeCase.Names.Where(n => (string)n[0] != nameof(GptMini));

    [Theory]
    [MemberData(nameof(NamesWithoutTiedWeights))]
    public void Parameter_count_is_the_number_of_distinct_parameters(string name)
    {
        var model = CompositeCase.Get(name);
        using var module = model.Generated();
        var all = module.parameters().ToList();
        var distinct = Parameters.Distinct(module);

        // parameters() yields each tensor once, even a weight that two layers share...
        Assert.Equal(distinct.Count, all.Count);
        // ...and the model's count (compile-time constant or constructor-counted) is their size.
        Assert.Equal(distinct.Sum(p => p.numel()), model.ParameterCount(module));
    }

    [Theory]
    [MemberData(nameof(CompositeCase.Names), MemberType = typeof(CompositeCase))]
    public void Wrong_rank_input_is_rejected_naming_model_and_argument(string name)
    {
        var model = CompositeCase.Get(name);
        using var scope = NewDisposeScope();
        using var module = model.Generated();
        module.eval();
        for (var i = 0; i < model.InputNames.Length; i++)
        {
            var inputs = model.Inputs(2);
            inputs[i] = inputs[i].unsqueeze(0);  // one extra dim: the rank no longer matches
            var error = Assert.Throws<ShapeMismatchException>(() => CompositeCase.Call(module, inputs));
            Assert.Equal(name, error.Model);
            Assert.Equal(model.InputNames[i], error.Argument);
            Assert.Contains(name, error.Message);
            Assert.Contains("rank", error.Message);
        }
    }
}
