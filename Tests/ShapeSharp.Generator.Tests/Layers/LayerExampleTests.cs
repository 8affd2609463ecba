using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Layers;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Layers;

/// <summary>
/// Every layer kind's catalogue example: generated without a diagnostic (snapshot committed), compiled
/// together, and run: the real output shape is the inferred one, ParameterCount is the real count, the
/// Summary lists the layer, the state-dict names are those docs/layers.md states, and the model moves
/// with <c>.to()</c>.
/// </summary>
public class LayerExampleTests
{
    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(LayerExamples.All()));

    [Theory]
    [MemberData(nameof(LayerExamples.Kinds), MemberType = typeof(LayerExamples))]
    public void Generated_source(string kind)
    {
        var run = GeneratorHarness.Run(LayerExamples.Source(kind));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        var source = run.Sources.Single(s => s.Key.Contains(LayerExamples.ClassName(kind), StringComparison.Ordinal)).Value;
        Snapshot.Verify(source, kind);
    }

    [Fact]
    public void Every_catalogue_kind_has_an_example_and_an_attribute()
    {
        var runtime = typeof(LayerAttribute).Assembly;
        foreach (var kind in LayerCatalog.Kinds)
        {
            Assert.Contains(LayerCatalog.Documented, e => e.Kind == kind);
            var name = kind == "Layer" ? "ShapeSharp.LayerAttribute`1" : $"ShapeSharp.{kind}Attribute";
            var type = runtime.GetType(name);
            Assert.True(type is not null && typeof(LayerAttribute).IsAssignableFrom(type), $"{kind}: no attribute class {name}");
        }

        // And the other way: every concrete layer attribute of the runtime is a catalogue kind.
        var attributes = runtime.GetTypes().Where(t => typeof(LayerAttribute).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
            .Select(t => t.IsGenericType ? "Layer" : t.Name[..^"Attribute".Length]);
        Assert.Empty(attributes.Except(LayerCatalog.Kinds));
    }

    [Theory]
    [MemberData(nameof(LayerExamples.Kinds), MemberType = typeof(LayerExamples))]
    public void Runs_with_the_inferred_shape_count_summary_and_documented_state_names(string kind)
    {
        using var scope = NewDisposeScope();
        var (model, inputs, type) = Create(kind);
        using var _ = model;
        model.eval();
        var output = Call(model, inputs);

        var symbols = LayerExamples.Symbols.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(ShapeText.Evaluate((string)type.GetField("OutputShape")!.GetValue(null)!, symbols), output.shape);
        Assert.Equal(model.parameters().Sum(p => p.numel()), (long)type.GetField("ParameterCount")!.GetValue(null)!);
        var summary = (string)type.GetMethod("Summary")!.Invoke(model, null)!;
        Assert.Contains(kind, summary);

        // Each state-dict entry of the layer is named in its reference entry.
        var doc = LayerExamples.Doc(kind);
        var ownEntries = model.state_dict().Keys.Where(k => kind != "Layer").ToList();
        foreach (var key in ownEntries.Where(k => OwnedBy(kind, model, k)))
        {
            var leaf = key.Split('.')[^1];
            Assert.True(doc.StateDict.Contains(leaf.Split("_l")[0], StringComparison.Ordinal), $"{kind}: state-dict entry {key} is not in its reference entry '{doc.StateDict}'");
        }

        if (doc.StateDict == "none")
        {
            Assert.DoesNotContain(model.named_modules(), m => m.module.GetType().Name == kind && m.module.state_dict().Count > 0);
        }
    }

    [Theory]
    [MemberData(nameof(LayerExamples.Kinds), MemberType = typeof(LayerExamples))]
    public void Moves_to_float64_and_back(string kind)
    {
        using var scope = NewDisposeScope();
        var (model, inputs, _) = Create(kind);
        using var _ = model;
        model.eval();
        var expected = Call(model, inputs);
        model.to(ScalarType.Float64);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        var doubled = inputs.Select(i => i.is_floating_point() ? i.to(ScalarType.Float64) : i).ToArray();
        var again = Call(model, doubled);
        Assert.Equal(expected.shape, again.shape);
        if (expected.is_floating_point())
        {
            Assert.Equal(ScalarType.Float64, again.dtype);
            Assert.True(expected.to(ScalarType.Float64).allclose(again, rtol: 1e-4, atol: 1e-5), $"{kind}: float64 output differs");
        }

        model.to(ScalarType.Float32);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    private static bool OwnedBy(string kind, nn.Module model, string key) =>
        // The example's other layers (Linear after EmbeddingBag, SELU before AlphaDropout) are not the kind's.
        model.named_modules().Any(m => m.module.GetType().Name.StartsWith(kind, StringComparison.Ordinal) && key.StartsWith(m.name + ".", StringComparison.Ordinal) && key.Count(ch => ch == '.') == m.name.Count(ch => ch == '.') + 1);

    private static (nn.Module Model, Tensor[] Inputs, Type Type) Create(string kind)
    {
        var type = Models.Value.GetType("Examples." + LayerExamples.ClassName(kind), throwOnError: true)!;
        var model = (nn.Module)Activator.CreateInstance(type)!;
        var shapes = type.GetFields().Where(f => f.Name.EndsWith("Shape", StringComparison.Ordinal) && f.Name != "OutputShape").ToList();
        var doc = LayerExamples.Doc(kind);
        var declared = doc.IsWholeModel && doc.Example.StartsWith("[Input", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Matches(doc.Example, "\\[Input\\(\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray()
            : new[] { doc.Input };
        var inputs = declared.Select(shape =>
        {
            var dims = ShapeText.Evaluate("[" + shape + "]", LayerExamples.Symbols);
            return doc.Indices ? randint(0, 1000, dims, dtype: ScalarType.Int64) : randn(dims);
        }).ToArray();
        Assert.NotEmpty(shapes);
        return (model, inputs, type);
    }

    private static Tensor Call(nn.Module model, Tensor[] inputs) => inputs.Length switch
    {
        1 => ((nn.Module<Tensor, Tensor>)model).call(inputs[0]),
        2 => ((nn.Module<Tensor, Tensor, Tensor>)model).call(inputs[0], inputs[1]),
        _ => throw new ArgumentException("examples take one or two inputs"),
    };
}
