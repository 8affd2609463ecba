using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Tests.Infrastructure;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// The catalogue against TorchSharp itself: every example (<see cref="OpExamples"/>) becomes one
/// model per form TorchSharp has for its op, all checked by the generator (no diagnostic), compiled
/// and run. The real output shape must equal the inferred OutputShape on every dim the rule knows,
/// and every form of a call must infer the same shape. A rule that drifts from TorchSharp fails here.
/// </summary>
public class OpCatalogRunTests
{
    private static readonly Lazy<Batch> Models = new(Build);

    public static TheoryData<int> Examples() => new(Enumerable.Range(0, OpExamples.All.Count));

    [Fact]
    public void Every_catalogue_name_has_an_example_and_every_example_a_catalogue_name()
    {
        var names = OpCatalog.Entries.Select(e => e.Name).ToHashSet();
        var used = OpExamples.All.Select(e => e.Op).ToHashSet();
        Assert.Empty(names.Except(used).OrderBy(n => n));
        Assert.Empty(used.Except(names).OrderBy(n => n));
    }

    [Fact]
    public void The_models_check_cleanly_and_compile()
    {
        var batch = Models.Value;
        Assert.True(batch.Problems.Count == 0, string.Join("\n", batch.Problems.Select(p => p.Text)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_form_infers_the_shape_TorchSharp_computes(int index)
    {
        var batch = Models.Value;
        var example = OpExamples.All[index];
        var models = batch.Models.Where(m => m.Example == index).ToList();
        Assert.NotEmpty(models);
        Assert.Empty(batch.Problems.Where(p => p.Model?.Example == index).Select(p => p.Text));
        Assert.True(models.All(m => batch.Assemblies.ContainsKey(m.Class)), "the models did not compile:\n" + string.Join("\n", batch.Problems.Take(40).Select(p => p.Text)));

        foreach (var model in models)
        {
            var type = batch.Assemblies[model.Class].GetType("Ops." + model.Class, throwOnError: true)!;
            var inferred = (string)type.GetField("OutputShape")!.GetValue(null)!;
            var dims = Parse(inferred);
            Assert.True(example.Partial || dims is not null && dims.All(d => d is not null),
                $"{model.Expression}: inferred {inferred}, expected every dim known");
            if (!example.Runs)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            using var module = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
            var shape = example.Input.Split(',').Select(s => long.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var input = example.Ints > 0 ? randint(0, example.Ints, shape, dtype: ScalarType.Int64) : rand(shape);
            long[] actual;
            try
            {
                actual = module.call(input).shape;
            }
            catch (Exception error) when (error is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{model.Expression} on [{example.Input}] fails in TorchSharp: {error.Message.Split('\n')[0]}", error);
            }

            if (dims is null)
            {
                continue;
            }

            Assert.True(dims.Count == actual.Length && dims.Select((d, i) => d is null || d == actual[i]).All(ok => ok),
                $"{model.Expression} on [{example.Input}]: inferred {inferred}, TorchSharp gives [{string.Join(", ", actual)}]");
        }

        var inferredByForm = models.Select(m => (m.Expression, Shape: (string)batch.Assemblies[m.Class].GetType("Ops." + m.Class)!.GetField("OutputShape")!.GetValue(null)!)).ToList();
        Assert.True(inferredByForm.Select(f => f.Shape).Distinct().Count() == 1,
            "the forms infer different shapes:\n" + string.Join("\n", inferredByForm.Select(f => f.Expression + " -> " + f.Shape)));
    }

    /// <summary>"[2, ?, 4]" as dims (null where unknown); null for "?" (even the rank unknown).</summary>
    private static List<long?>? Parse(string shape)
    {
        if (shape == "?")
        {
            return null;
        }

        var inner = shape.Trim('[', ']');
        return inner.Length == 0
            ? new List<long?>()
            : inner.Split(',').Select(s => s.Trim() == "?" ? null : (long?)long.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>The models of every example, checked and compiled a chunk at a time; each class's assembly.</summary>
    private sealed record Batch(List<OpModel> Models, Dictionary<string, Assembly> Assemblies, List<(OpModel? Model, string Text)> Problems);

    private static Batch Build()
    {
        var models = new List<OpModel>();
        for (var i = 0; i < OpExamples.All.Count; i++)
        {
            models.AddRange(OpModels.Of(i, OpExamples.All[i]));
        }

        var assemblies = new Dictionary<string, Assembly>();
        var problems = new List<(OpModel? Model, string Text)>();
        foreach (var (chunk, run, diagnostics) in OpModels.Check(models))
        {
            problems.AddRange(diagnostics.Select(d => Describe(d.Model, d.Diagnostic)));
            using var image = new MemoryStream();
            var emitted = run.Output.Emit(image);
            problems.AddRange(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => Describe(null, d)));
            if (emitted.Success)
            {
                image.Position = 0;
                var assembly = AssemblyLoadContext.Default.LoadFromStream(image);
                chunk.ForEach(m => assemblies[m.Class] = assembly);
            }
        }

        return new Batch(models, assemblies, problems);
    }

    private static (OpModel? Model, string Text) Describe(OpModel? model, Diagnostic diagnostic) =>
        (model, (model?.Expression ?? diagnostic.Location.SourceTree?.FilePath) + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
}
