using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>One example written as a model in one form of its call; each model is a file of its own.</summary>
internal sealed record OpModel(int Example, string Class, OpForm Form, string Expression, string Source);

/// <summary>Writes an <see cref="OpExample"/> as models, one per form TorchSharp has for its op.</summary>
internal static class OpModels
{
    /// <summary>
    /// Models per compilation: the analyzer's time grows faster than the number of models in one
    /// compilation, so the examples are checked in chunks of this many.
    /// </summary>
    private const int ChunkSize = 48;

    /// <summary>Runs the generator and the analyzer on the models, a chunk at a time; each diagnostic with the model it is in.</summary>
    public static IEnumerable<(List<OpModel> Models, GeneratorRun Run, List<(OpModel? Model, Diagnostic Diagnostic)> Diagnostics)> Check(IReadOnlyList<OpModel> models)
    {
        for (var start = 0; start < models.Count; start += ChunkSize)
        {
            var chunk = models.Skip(start).Take(ChunkSize).ToList();
            var run = GeneratorHarness.Run(chunk.Select(m => m.Source).ToArray());
            yield return (chunk, run, run.Diagnostics.Select(d => (ModelOf(d, chunk), d)).ToList());
        }
    }

    /// <summary>The model a diagnostic is in: each model is a file of its own, /src/Model{n}.cs.</summary>
    private static OpModel? ModelOf(Diagnostic diagnostic, List<OpModel> chunk)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(diagnostic.Location.SourceTree?.FilePath ?? string.Empty);
        return name.StartsWith("Model", StringComparison.Ordinal) && int.TryParse(name.Substring(5), out var n) && n < chunk.Count ? chunk[n] : null;
    }

    /// <summary>The example written in every form TorchSharp has for its op; <paramref name="sizes"/> lists the input's model sizes.</summary>
    public static IEnumerable<OpModel> Of(int index, OpExample example, string? sizes = null)
    {
        if (example.Call is not null)
        {
            yield return Create(index, example, OpForm.Written, "using static TorchSharp.torch;", example.Call, sizes);
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
            yield return Create(index, example, form, usings, string.Format(System.Globalization.CultureInfo.InvariantCulture, example.Wrap, call), sizes);
        }
    }

    private static OpModel Create(int index, OpExample example, OpForm form, string usings, string expression, string? sizes)
    {
        var name = $"E{index}_{form}";
        var options = (example.Ints > 0 ? ", Dtype = DType.Int64" : string.Empty) + (sizes is null ? string.Empty : $", Sizes = \"{sizes}\"");
        var source = $$"""
            using ShapeSharp;
            using TorchSharp;
            using Tensor = TorchSharp.torch.Tensor;
            using TensorIndex = TorchSharp.torch.TensorIndex;
            {{usings}}

            namespace Ops;

            [Input("{{example.Input}}"{{options}})]
            public partial class {{name}}
            {
                public override Tensor forward(Tensor x) => {{expression}};
            }
            """;
        return new OpModel(index, name, form, expression, source);
    }

    /// <summary>Where TorchSharp 0.107 declares an op: a Tensor method, a static of torch, of torch.nn.functional.</summary>
    public static OpForm FormsOf(string name)
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
