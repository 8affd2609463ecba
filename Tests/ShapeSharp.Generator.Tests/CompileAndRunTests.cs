using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// Every feature model, generated and compiled together without a warning, then run: the real
/// output shape is the one the generator inferred, and a wrong input is refused by name.
/// </summary>
public class CompileAndRunTests
{
    private static readonly Lazy<Assembly> Models = new(() =>
        GeneratorHarness.CompileAndLoad(ModelSources.Cases.Keys.Select(ModelSources.Source).ToArray()));

    private static nn.Module<Tensor, Tensor> Create(string name) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType($"Demo.{name}Model", throwOnError: true)!, ModelSources.ConstructorArguments(name))!;

    private static string Constant(string name, string constant) =>
        (string)Models.Value.GetType($"Demo.{name}Model")!.GetField(constant)!.GetValue(null)!;

    private static Tensor Input(string name, long[] shape) =>
        name == "Embedding" ? randint(0, 100, shape, dtype: ScalarType.Int64) : randn(shape);

    [Theory]
    [MemberData(nameof(ModelSources.Names), MemberType = typeof(ModelSources))]
    public void Real_output_shape_is_the_inferred_one(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Create(name);
        model.eval();
        var runShape = ModelSources.Cases[name].RunShape;
        var symbols = new Dictionary<string, long> { ["hidden"] = 24, ["classes"] = 3, ["vocab"] = 100 };
        ShapeText.Bind(Constant(name, "InputShape"), runShape, symbols);

        var output = model.forward(Input(name, runShape));
        Assert.Equal(ShapeText.Evaluate(Constant(name, "OutputShape"), symbols), output.shape);
    }

    [Theory]
    [MemberData(nameof(ModelSources.Names), MemberType = typeof(ModelSources))]
    public void A_wrong_input_rank_is_refused_naming_the_model_and_argument(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Create(name);
        var runShape = ModelSources.Cases[name].RunShape;
        var error = Assert.Throws<ShapeMismatchException>(() => model.forward(Input(name, runShape.Append(1).ToArray())));
        Assert.Contains($"{name}Model", error.Message);
        Assert.Contains(Constant(name, "InputShape"), error.Message);
    }

    [Fact]
    public void Parameter_counts_and_state_dict_names_match_torch()
    {
        foreach (var name in ModelSources.Cases.Keys.Where(n => ModelSources.ConstructorArguments(n).Length == 0))
        {
            using var model = Create(name);
            var count = (long)Models.Value.GetType($"Demo.{name}Model")!.GetField("ParameterCount")!.GetValue(null)!;
            Assert.True(count == model.parameters().Sum(p => p.numel()), $"{name}: ParameterCount {count}");
            Assert.All(model.state_dict().Keys, key => Assert.StartsWith("layers.", key));
            if (name == "Named")
            {
                // Name = "head" names the entry, as in nn.Sequential(OrderedDict(head=...)).
                Assert.Equal(new[] { "layers.head.weight", "layers.head.bias" }, model.state_dict().Keys);
            }
        }
    }
}
