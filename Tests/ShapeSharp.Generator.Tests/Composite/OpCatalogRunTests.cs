using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
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
        Assert.True(batch.Problems.Count == 0, string.Join("\n", batch.Problems));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_form_infers_the_shape_TorchSharp_computes(int index)
    {
        var batch = Models.Value;
        var example = OpExamples.All[index];
        var models = batch.Models.Where(m => m.Example == index).ToList();
        Assert.NotEmpty(models);
        Assert.True(batch.Assembly is not null, "the batch did not compile:\n" + string.Join("\n", batch.Problems.Take(40)));

        foreach (var model in models)
        {
            var type = batch.Assembly!.GetType("Ops." + model.Class, throwOnError: true)!;
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

        var inferredByForm = models.Select(m => m.Expression + " -> " + (string)batch.Assembly!.GetType("Ops." + m.Class)!.GetField("OutputShape")!.GetValue(null)!).ToList();
        Assert.True(inferredByForm.Select(s => s.Substring(s.LastIndexOf(" -> ", StringComparison.Ordinal))).Distinct().Count() == 1,
            "the forms infer different shapes:\n" + string.Join("\n", inferredByForm));
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

    private sealed record Model(int Example, string Class, OpForm Form, string Expression, string Source);

    private sealed record Batch(List<Model> Models, Assembly? Assembly, List<string> Problems);

    private static Batch Build()
    {
        var models = new List<Model>();
        for (var i = 0; i < OpExamples.All.Count; i++)
        {
            models.AddRange(ModelsOf(i, OpExamples.All[i]));
        }

        var run = GeneratorHarness.Run(models.Select(m => m.Source).ToArray());
        var problems = run.Diagnostics.Select(d => Describe(d, models)).ToList();
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        problems.AddRange(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => Describe(d, models)));
        Assembly? assembly = null;
        if (emitted.Success)
        {
            image.Position = 0;
            assembly = AssemblyLoadContext.Default.LoadFromStream(image);
        }

        return new Batch(models, assembly, problems);
    }

    /// <summary>A diagnostic with the example it came from (each model is its own file, /src/Model{n}.cs).</summary>
    private static string Describe(Diagnostic diagnostic, List<Model> models)
    {
        var path = diagnostic.Location.SourceTree?.FilePath ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(path);
        var index = name.StartsWith("Model", StringComparison.Ordinal) && int.TryParse(name.Substring(5), out var n) && n < models.Count ? n : -1;
        return (index >= 0 ? models[index].Expression + ": " : path + ": ") + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The example written in every form TorchSharp has for its op.</summary>
    private static IEnumerable<Model> ModelsOf(int index, OpExample example)
    {
        if (example.Call is not null)
        {
            yield return Create(index, example, OpForm.Written, "using static TorchSharp.torch;", example.Call);
            yield break;
        }

        var entry = OpCatalog.Find(example.Op) ?? throw new InvalidOperationException($"{example.Op} is not in the catalogue");
        var functionalOnly = example.Op.StartsWith("functional.", StringComparison.Ordinal);
        var plain = functionalOnly ? example.Op.Substring("functional.".Length) : example.Op;
        var forms = functionalOnly ? OpForm.AnyFunctional : FormsOf(plain);
        var name = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(plain) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? plain : "@" + plain;
        forms &= ~example.Skip;
        Assert.True(forms != OpForm.None, $"{example.Op} has no form in TorchSharp that the example can use");

        var tensorFirst = entry.TakesSelf ? (example.Args.Length == 0 ? "x" : "x, " + example.Args) : example.Args;
        foreach (var form in new[] { OpForm.Method, OpForm.Torch, OpForm.Functional, OpForm.StaticTorch, OpForm.StaticFunctional })
        {
            if ((forms & form) == 0)
            {
                continue;
            }

            var (usings, call) = form switch
            {
                OpForm.Method => (string.Empty, $"x.{name}({example.Args})"),
                OpForm.Torch => (string.Empty, $"torch.{name}({tensorFirst})"),
                OpForm.Functional => (string.Empty, $"torch.nn.functional.{name}({tensorFirst})"),
                OpForm.StaticTorch => ("using static TorchSharp.torch;", $"{name}({tensorFirst})"),
                _ => ("using static TorchSharp.torch.nn.functional;", $"{name}({tensorFirst})"),
            };
            yield return Create(index, example, form, usings, string.Format(System.Globalization.CultureInfo.InvariantCulture, example.Wrap, call));
        }
    }

    private static Model Create(int index, OpExample example, OpForm form, string usings, string expression)
    {
        var name = $"E{index}_{form}";
        var dtype = example.Ints > 0 ? ", Dtype = DType.Int64" : string.Empty;
        var source = $$"""
            using ShapeSharp;
            using TorchSharp;
            using Tensor = TorchSharp.torch.Tensor;
            using TensorIndex = TorchSharp.torch.TensorIndex;
            {{usings}}

            namespace Ops;

            [Input("{{example.Input}}"{{dtype}})]
            public partial class {{name}}
            {
                public override Tensor forward(Tensor x) => {{expression}};
            }
            """;
        return new Model(index, name, form, expression, source);
    }

    /// <summary>Where TorchSharp 0.107 declares an op: a Tensor method, a static of torch, of torch.nn.functional.</summary>
    private static OpForm FormsOf(string name)
    {
        var forms = OpForm.None;
        if (typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == name))
        {
            forms |= OpForm.Method;
        }

        if (typeof(torch).GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == name))
        {
            forms |= OpForm.AnyTorch;
        }

        if (typeof(nn.functional).GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == name))
        {
            forms |= OpForm.AnyFunctional;
        }

        return forms;
    }
}
