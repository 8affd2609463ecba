using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests;

/// <summary>The shapes inferred at compile time are the shapes a real forward produces.</summary>
public class ForwardShapeTests
{
    [Theory]
    [MemberData(nameof(ModelCase.Names), MemberType = typeof(ModelCase))]
    public void Real_forward_output_has_the_inferred_shape(string name)
    {
        var model = ModelCase.Get(name);
        using var scope = NewDisposeScope();
        using var module = model.Generated();
        module.eval();
        foreach (var batch in new long[] { 1, 5 })
        {
            var output = module.forward(model.Input(batch));
            Assert.Equal(ModelCase.Bind(model.OutputShape, batch), output.shape);
        }
    }

    [Theory]
    [MemberData(nameof(ModelCase.Names), MemberType = typeof(ModelCase))]
    public void Compile_time_parameter_count_equals_the_real_one(string name)
    {
        var model = ModelCase.Get(name);
        using var module = model.Generated();
        var real = module.parameters().Sum(p => p.numel());
        Assert.Equal(real, model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(ModelCase.Names), MemberType = typeof(ModelCase))]
    public void Wrong_input_shape_is_rejected_naming_model_and_argument(string name)
    {
        var model = ModelCase.Get(name);
        using var scope = NewDisposeScope();
        using var module = model.Generated();
        var good = model.Input(2);
        var bad = good.unsqueeze(0);  // one extra dim: the rank no longer matches
        var error = Assert.Throws<ShapeMismatchException>(() => module.forward(bad));
        Assert.Contains(name, error.Message);
        Assert.Contains("x", error.Message);
        Assert.Contains(model.InputShape, error.Message);
    }

    [Theory]
    [MemberData(nameof(ModelCase.Names), MemberType = typeof(ModelCase))]
    public void Summary_lists_every_layer_and_the_total(string name)
    {
        var model = ModelCase.Get(name);
        using var module = model.Generated();
        var summary = model.Summary(module);
        Assert.Contains(name, summary);
        Assert.Contains(model.OutputShape, summary);
        var layers = module.named_children().Single().module.named_children().Count();
        for (var i = 0; i < layers; i++)
        {
            Assert.Contains($"layers.{i} ", summary);
        }
    }
}
