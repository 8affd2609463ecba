using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Corpus;

/// <summary>
/// The no-false-alarm corpus (issue 12): correct models written the way PyTorch users write them
/// (<c>Corpus/Models/*.cs</c>, data read from the source tree like the snapshots). Each must build
/// with zero diagnostics and no compiler noise, compile and load, run with real TorchSharp at two
/// different values of its free dims, and its real output must match the generated
/// <c>OutputShape</c> on every dim that is not <c>?</c>; <c>ParameterCount</c> must be the real count,
/// and every <c>Parameter</c>/<c>Module</c> field the model holds must be among its parameters/modules.
/// </summary>
/// <remarks>
/// Each file's header says how to run it:
/// <code>
/// // Model: UNet                     the class to construct and call (others in the file are its parts)
/// // Sizes: classes=3, vocab=50      constructor sizes, by parameter name (also bound in OutputShape)
/// // Calls: B=2, H=32 | B=3, H=48    the free dims of two calls (every symbol of its [Input]s)
/// // Ids: 5                          integer inputs are drawn from [0, Ids) (default 2)
/// </code>
/// A model whose case fails because of a generator bug stays in the corpus, failing, with the
/// bug described in its header (<c>// Finding: ...</c>).
/// </remarks>
public class CorpusTests(ITestOutputHelper output)
{
    private static string Folder([CallerFilePath] string testFile = "") => Path.Combine(Path.GetDirectoryName(testFile)!, "Models");

    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Folder(), "*.cs").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));

    [Fact]
    public void The_corpus_has_at_least_forty_models() => Assert.True(Models().Count >= 40, $"{Models().Count} models");

    /// <summary>
    /// All corpus files in one compilation (each has its own namespace): one generator and analyzer
    /// run and one emit instead of one per file, which is most of the cost. Each case then looks only at
    /// its own file's diagnostics and at the compiler problems in its file or its generated files;
    /// a file with problems is left out of the emitted assembly so the others still load.
    /// </summary>
    private static readonly Lazy<CorpusBuild> Shared = new(() => CorpusBuild.Create(Folder()));

    [Theory]
    [MemberData(nameof(Models))]
    public void Correct_model_builds_clean_and_runs_with_its_inferred_shape(string name)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = Shared.Value;
        var file = build.Files[name];
        var spec = file.Spec;
        var checkedAt = clock.Elapsed;

        // 1. Zero diagnostics, no compiler noise (the build's SS diagnostics, the generator's own, compiler problems in this file or its generated code).
        Assert.True(file.Diagnostics.IsEmpty, $"{name}: false alarm(s) on a correct model:\n" + string.Join("\n", file.Diagnostics.Select(d => d.ToString())));
        Assert.True(file.Noise.IsEmpty, $"{name}: compiler noise:\n" + string.Join("\n", file.Noise.Select(d => d.ToString())) + "\n\n" + string.Join("\n\n", file.Generated));

        // 2. Compiles and loads (in the shared assembly; alone when that could not be emitted).
        var assembly = build.Assembly ?? Load(GeneratorHarness.Run(file.Source), name);
        var loadedAt = clock.Elapsed;
        var type = assembly.GetType(file.Namespace + "." + spec.Model) ?? throw new InvalidOperationException($"{name}: no type {file.Namespace}.{spec.Model}");
        var outputShape = (string)(type.GetField("OutputShape")?.GetValue(null) ?? throw new InvalidOperationException($"{name}: no OutputShape"));
        if (!spec.Composite)
        {
            Assert.DoesNotContain("?", outputShape);  // a sequential stack's shape is exact
        }

        // 3. Constructed and called twice, at two sets of free dims, on one instance.
        using var scope = NewDisposeScope();
        manual_seed(12);
        using var model = Construct(type, spec, name);
        var report = new StringBuilder();
        for (var c = 0; c < spec.Calls.Count; c++)
        {
            var symbols = new Dictionary<string, long>(spec.Sizes);
            foreach (var (symbol, value) in spec.Calls[c])
            {
                symbols[symbol] = value;
            }

            var inputs = spec.Inputs.Select(i => MakeInput(i, symbols, spec.Ids, name)).ToArray();
            object result;
            using (no_grad())
            {
                result = Call(model, inputs, name);
            }

            var outputs = Flatten(result);
            var expected = SplitOutputShape(outputShape, outputs.Count, name);
            for (var o = 0; o < outputs.Count; o++)
            {
                CompareShape(name, c, o, expected[o], outputs[o].shape, symbols, outputShape);
            }

            report.Append(CultureInfo.InvariantCulture, $"call {c}: {string.Join("; ", outputs.Select(t => "[" + string.Join(", ", t.shape) + "]"))}\n");

            // 4. ParameterCount is the real count (read after the first call: a lazily built block exists then).
            if (c == 0)
            {
                var real = model.parameters().Sum(p => p.numel());
                var stated = ParameterCount(type, model);
                Assert.True(stated is null || stated == real, $"{name}: ParameterCount {stated}, but parameters() hold {real}");
                AssertFieldsRegistered(model, name);
            }
        }

        if (checkedAt.TotalSeconds > 1)
        {
            output.WriteLine(CorpusBuild.Timing);  // this case waited for the shared build
        }

        output.WriteLine($"OutputShape {outputShape}\n{report}run {(clock.Elapsed - loadedAt).TotalMilliseconds:F0} ms");
    }

    /// <summary>Emits the output compilation (as <see cref="GeneratorHarness.CompileAndLoad"/> does, without generating twice).</summary>
    internal static Assembly Load(GeneratorRun run, string name)
    {
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0 && emitted.Success,
            $"{name}: the generated code does not compile cleanly:\n" + string.Join("\n", problems));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }

    private static nn.Module Construct(Type type, CorpusSpec spec, string name)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p =>
            spec.Sizes.TryGetValue(p.Name!, out var value)
                ? (object)value
                : p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException($"{name}: constructor parameter '{p.Name}' has no value in // Sizes:")).ToArray();
        try
        {
            return (nn.Module)constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{name}: the constructor threw: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static Tensor MakeInput(CorpusInput input, IReadOnlyDictionary<string, long> symbols, long ids, string name)
    {
        long[] shape;
        try
        {
            shape = ShapeText.Evaluate(input.Shape, symbols);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{name}: input [{input.Shape}]: {e.Message} (add it to // Calls: or // Sizes:)", e);
        }

        return input.Dtype switch
        {
            "Int64" => randint(0, ids, shape, dtype: ScalarType.Int64),
            "Int32" => randint(0, ids, shape, dtype: ScalarType.Int32),
            "Bool" => rand(shape).lt(0.2),
            "UInt8" => randint(0, 256, shape, dtype: ScalarType.Byte),
            "Float64" => randn(shape, dtype: ScalarType.Float64),
            _ => randn(shape),
        };
    }

    private static object Call(nn.Module model, Tensor[] inputs, string name)
    {
        var call = model.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == "call" && m.GetParameters().Length == inputs.Length && m.GetParameters().All(p => p.ParameterType == typeof(Tensor)))
            .FirstOrDefault() ?? throw new InvalidOperationException($"{name}: no call({inputs.Length} tensors)");
        try
        {
            return call.Invoke(model, inputs)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Assert.Fail($"{name}: the generated model failed at run time on inputs {string.Join(", ", inputs.Select(i => "[" + string.Join(", ", i.shape) + "] " + i.dtype))}:\n{e.InnerException}");
            throw;
        }
    }

    private static List<Tensor> Flatten(object output) => output switch
    {
        Tensor t => new List<Tensor> { t },
        ITuple tuple => Enumerable.Range(0, tuple.Length).SelectMany(i => Flatten(tuple[i]!)).ToList(),
        _ => throw new InvalidOperationException($"unexpected output {output.GetType()}"),
    };

    /// <summary>"[B, 10]" for one tensor; a tuple's shapes as the generator writes them: "([B, 10], [B, 4])".</summary>
    private static List<string> SplitOutputShape(string shape, int count, string name)
    {
        if (count == 1)
        {
            return new List<string> { shape };
        }

        var parts = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == '[' && depth++ == 0)
            {
                start = i;
            }
            else if (shape[i] == ']' && --depth == 0)
            {
                parts.Add(shape[start..(i + 1)]);
            }
        }

        Assert.True(parts.Count == count, $"{name}: the output is a tuple of {count} tensors, but OutputShape is \"{shape}\"");
        return parts;
    }

    private static void CompareShape(string name, int call, int output, string expected, long[] actual, IReadOnlyDictionary<string, long> symbols, string outputShape)
    {
        var context = $"{name}, call {call} ({string.Join(", ", symbols.Select(s => s.Key + "=" + s.Value))}), output {output}: OutputShape \"{outputShape}\", real [{string.Join(", ", actual)}]";
        if (expected.Trim() == "?")
        {
            return;  // nothing known
        }

        var dims = ShapeText.Dims(expected);
        Assert.True(dims.Length == actual.Length, $"{context}: the rank differs");
        for (var d = 0; d < dims.Length; d++)
        {
            if (dims[d].Contains('?', StringComparison.Ordinal))
            {
                continue;
            }

            long value;
            try
            {
                value = ShapeText.Evaluate("[" + dims[d] + "]", symbols)[0];
            }
            catch (ArgumentException e)
            {
                Assert.Fail($"{context}: dim {d} '{dims[d]}' names a symbol the model's inputs and sizes do not bind ({e.Message})");
                throw;
            }

            Assert.True(value == actual[d], $"{context}: dim {d} is '{dims[d]}' = {value}, really {actual[d]}");
        }
    }

    private static long? ParameterCount(Type type, nn.Module model)
    {
        if (type.GetField("ParameterCount") is { } constant)
        {
            return Convert.ToInt64(constant.GetValue(null), CultureInfo.InvariantCulture);
        }

        return type.GetProperty("ParameterCount") is { } property ? Convert.ToInt64(property.GetValue(model), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Every Parameter and Module the model object holds in a field is trained and saved: it is among parameters() / modules().</summary>
    private static void AssertFieldsRegistered(nn.Module model, string name)
    {
        var parameters = model.parameters().Select(p => p.Handle).ToHashSet();
        var modules = model.modules().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var field in model.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            var value = field.GetValue(model);
            if (value is TorchSharp.Modules.Parameter parameter)
            {
                Assert.True(parameters.Contains(parameter.Handle), $"{name}: the field {field.Name} (a Parameter [{string.Join(", ", parameter.shape)}]) is not among parameters(): it is never trained or saved");
            }
            else if (value is nn.Module module && !field.Name.StartsWith('<'))
            {
                Assert.True(modules.Contains(module), $"{name}: the field {field.Name} (a {module.GetType().Name}) is not among modules(): it is never trained or saved");
            }
        }
    }
}

/// <summary>One input of the model: its declared shape and dtype.</summary>
internal sealed record CorpusInput(string Shape, string Dtype);

/// <summary>How to run one corpus file (its header comments and the model's [Input]s).</summary>
internal sealed record CorpusSpec(string Model, IReadOnlyDictionary<string, long> Sizes, IReadOnlyList<IReadOnlyList<(string, long)>> Calls, long Ids, IReadOnlyList<CorpusInput> Inputs, bool Composite)
{
    public static CorpusSpec Parse(string name, string source)
    {
        var header = source.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("//", StringComparison.Ordinal)).Select(l => l.TrimStart('/').Trim()).ToList();
        string? Value(string key) => header.FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim();

        var model = Value("Model") ?? throw new InvalidOperationException($"{name}: no // Model: line");
        var sizes = Assignments(Value("Sizes") ?? "").ToDictionary(a => a.Item1, a => a.Item2);
        var calls = (Value("Calls") ?? throw new InvalidOperationException($"{name}: no // Calls: line"))
            .Split('|').Select(c => (IReadOnlyList<(string, long)>)Assignments(c).ToList()).ToList();
        var ids = Value("Ids") is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : 2;

        var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions);
        var declaration = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.Text == model && c.AttributeLists.Count > 0)
            ?? throw new InvalidOperationException($"{name}: no class {model} with attributes");
        var inputs = declaration.AttributeLists.SelectMany(l => l.Attributes)
            .Where(a => a.Name.ToString() is "Input" or "InputAttribute" or "ShapeSharp.Input")
            .Select(a =>
            {
                var shape = ((LiteralExpressionSyntax)a.ArgumentList!.Arguments[0].Expression).Token.ValueText;
                var dtype = a.ArgumentList.Arguments.FirstOrDefault(x => x.NameEquals?.Name.Identifier.Text == "Dtype")?.Expression.ToString().Split('.').Last() ?? "Float32";
                return new CorpusInput(shape, dtype);
            }).ToList();
        var composite = declaration.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text == "forward");
        return new CorpusSpec(model, sizes, calls, ids, inputs, composite);
    }

    private static IEnumerable<(string, long)> Assignments(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => a.Split('=', StringSplitOptions.TrimEntries))
            .Select(a => (a[0], long.Parse(a[1], CultureInfo.InvariantCulture)));
}

/// <summary>One corpus file's part of the shared build.</summary>
internal sealed record CorpusFile(string Name, string Source, string Namespace, CorpusSpec Spec, SyntaxTree Tree)
{
    public ImmutableArray<Diagnostic> Diagnostics { get; set; } = ImmutableArray<Diagnostic>.Empty;

    public ImmutableArray<Diagnostic> Noise { get; set; } = ImmutableArray<Diagnostic>.Empty;

    public List<string> Generated { get; } = new();
}

/// <summary>The corpus generated, analysed and compiled together; the files with problems left out of the emitted assembly.</summary>
internal sealed class CorpusBuild
{
    public required IReadOnlyDictionary<string, CorpusFile> Files { get; init; }

    /// <summary>The clean files' models, or null when even those could not be emitted.</summary>
    public required Assembly? Assembly { get; init; }

    public static string Timing { get; private set; } = "";

    public static CorpusBuild Create(string folder)
    {
        var files = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(path =>
        {
            var name = Path.GetFileNameWithoutExtension(path)!;
            var source = File.ReadAllText(path);
            var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: $"/corpus/{name}.cs");
            var ns = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();
            return new CorpusFile(name, source, ns, CorpusSpec.Parse(name, source), tree);
        }).ToDictionary(f => f.Name);
        var duplicate = files.Values.GroupBy(f => f.Namespace).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"corpus files share the namespace {duplicate?.Key}: each needs its own");

        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(files.Values.Select(f => f.Tree));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());
        var analyzedAt = clock.Elapsed;

        // Emitting reports every compiler problem (GetDiagnostics would bind everything a second time).
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        var emittedAt = clock.Elapsed;
        var generatedTrees = run.Output.SyntaxTrees.Where(t => !files.Values.Any(f => f.Tree == t)).ToList();
        CorpusFile? Owner(SyntaxTree? tree) =>
            tree is null ? null
            : files.Values.FirstOrDefault(f => f.Tree == tree)
              ?? files.Values.FirstOrDefault(f => Path.GetFileName(tree.FilePath).StartsWith(f.Namespace + ".", StringComparison.Ordinal));

        var dump = Environment.GetEnvironmentVariable("SHAPESHARP_CORPUS_DUMP");  // a folder to write the generated code to, for reading
        foreach (var tree in generatedTrees)
        {
            Owner(tree)?.Generated.Add(tree.ToString());
            if (!string.IsNullOrEmpty(dump))
            {
                Directory.CreateDirectory(dump);
                File.WriteAllText(Path.Combine(dump, Path.GetFileName(tree.FilePath)), tree.ToString());
            }
        }

        foreach (var group in run.Diagnostics.GroupBy(d => Owner(d.Location.SourceTree)))
        {
            foreach (var file in group.Key is null ? files.Values.ToArray() : new[] { group.Key })
            {
                file.Diagnostics = file.Diagnostics.AddRange(group);
            }
        }

        // CS1701/CS1702 (assuming a reference's framework version) are off in every SDK build (NoWarn): not noise a user sees.
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702"));
        foreach (var group in run.GeneratorDiagnostics.Concat(problems).GroupBy(d => Owner(d.Location.SourceTree)))
        {
            foreach (var file in group.Key is null ? files.Values.ToArray() : new[] { group.Key })
            {
                file.Noise = file.Noise.AddRange(group);
            }
        }

        // A generator bug in one model must not hide the others' results: emit again without the files with problems.
        var bad = files.Values.Where(f => !f.Diagnostics.IsEmpty || !f.Noise.IsEmpty).ToList();
        if (!emitted.Success && bad.Count > 0)
        {
            image.SetLength(0);
            emitted = run.Output.RemoveSyntaxTrees(run.Output.SyntaxTrees.Where(t => Owner(t) is { } owner && bad.Contains(owner))).Emit(image);
        }

        Assembly? assembly = null;
        if (emitted.Success)
        {
            image.Position = 0;
            assembly = AssemblyLoadContext.Default.LoadFromStream(image);
        }

        Timing = $"{files.Count} files: generator and analyzer {analyzedAt.TotalMilliseconds:F0} ms, emit {(emittedAt - analyzedAt).TotalMilliseconds:F0} ms, emit of the clean ones {(clock.Elapsed - emittedAt).TotalMilliseconds:F0} ms";
        return new CorpusBuild { Files = files, Assembly = assembly };
    }
}
