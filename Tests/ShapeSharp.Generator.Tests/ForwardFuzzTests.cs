using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// The fuzz test for hand-written forward bodies (issue 12): random op sequences over random constant
/// and symbolic (free) input shapes. The correct programs are shape-correct by construction (the
/// generator tracks each tensor's true shape and only applies an op whose preconditions hold for
/// every value of the free dims), so the checker must report nothing on them; a batch of them is
/// also compiled and run with real TorchSharp at two values of the free dims, and the real output
/// must match OutputShape on every known dim. Random, possibly wrong programs must never make the
/// generator or the analyzer throw or hit SS0099. Seeded; SHAPESHARP_FUZZ_SCALE multiplies the
/// counts for a longer local run.
/// </summary>
public class ForwardFuzzTests(ITestOutputHelper output)
{
    /// <summary>The seed; SHAPESHARP_FUZZ_SEED picks another for a local run.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("SHAPESHARP_FUZZ_SEED"), out var seed) ? seed : 20261212;

    private static int Scale => int.TryParse(Environment.GetEnvironmentVariable("SHAPESHARP_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1;

    private const string Usings = """
        using System;
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn.functional;

        """;

    [Fact]
    public void Shape_correct_forward_programs_get_no_diagnostic()
    {
        const int perCompilation = 40;
        var random = new Random(Seed);
        var programs = 0;
        for (var batch = 0; batch < 2 * Scale; batch++)
        {
            var generated = Enumerable.Range(0, perCompilation).Select(i => ForwardProgram.Correct(random, $"Fuzz{batch}_{i}")).ToList();
            var source = Usings + "namespace FuzzForward;\n" + string.Concat(generated.Select(p => p.Source));
            Dump($"correct{batch}", source);
            var run = GeneratorHarness.Run(source);  // asserts that neither the generator nor the analyzer threw
            Assert.True(run.Diagnostics.IsEmpty, $"seed {Seed}, batch {batch}: a false alarm on a shape-correct program:\n"
                + string.Join("\n", run.Diagnostics.Select(d => d + "\n" + Owner(generated, source, d.Location))));
            run.AssertNoNoise();
            programs += generated.Count;
        }

        output.WriteLine($"{programs} programs");
        Assert.Equal(80 * Scale, programs);
    }

    [Fact]
    public void Shape_correct_forward_programs_run_with_their_inferred_output_shape()
    {
        const int count = 16;
        var random = new Random(Seed + 1);
        var generated = Enumerable.Range(0, count * Scale).Select(i => ForwardProgram.Correct(random, $"Run{i}")).ToList();
        var source = Usings + "namespace FuzzForward;\n" + string.Concat(generated.Select(p => p.Source));
        Dump("run", source);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = GeneratorHarness.Run(source);
        Assert.True(run.Diagnostics.IsEmpty, "a false alarm:\n" + string.Join("\n", run.Diagnostics.Select(d => d + "\n" + Owner(generated, source, d.Location))));
        run.AssertNoNoise();
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = AssemblyLoadContext.Default.LoadFromStream(image);
        var compiled = clock.Elapsed;

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(Seed);
        var known = 0;
        foreach (var program in generated)
        {
            var type = assembly.GetType("FuzzForward." + program.Name, throwOnError: true)!;
            var outputShape = (string)type.GetField("OutputShape")!.GetValue(null)!;
            using var model = (nn.Module)Activator.CreateInstance(type)!;
            var call = type.GetMethods().First(m => m.Name == "call" && m.GetParameters().Length == program.Inputs.Count);
            foreach (var values in ForwardProgram.Runs)
            {
                var inputs = program.Inputs.Select(shape => (object)randn(shape.Select(d => d.Evaluate(values)).ToArray())).ToArray();
                Tensor output;
                try
                {
                    output = (Tensor)call.Invoke(model, inputs)!;
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new InvalidOperationException($"{program.Name} failed at run time ({e.InnerException.Message}):\n{program.Source}", e.InnerException);
                }

                var expected = program.Output.Select(d => d.Evaluate(values)).ToArray();
                Assert.True(expected.SequenceEqual(output.shape), $"{program.Name}: the program's own shape tracking says [{string.Join(", ", expected)}], TorchSharp gives [{string.Join(", ", output.shape)}]:\n{program.Source}");
                if (outputShape != "?")
                {
                    var dims = ShapeText.Dims(outputShape);
                    Assert.True(dims.Length == output.shape.Length, $"{program.Name}: OutputShape {outputShape}, real [{string.Join(", ", output.shape)}]:\n{program.Source}");
                    for (var d = 0; d < dims.Length; d++)
                    {
                        if (!dims[d].Contains('?', StringComparison.Ordinal))
                        {
                            var value = ShapeText.Evaluate("[" + dims[d] + "]", values)[0];
                            Assert.True(value == output.shape[d], $"{program.Name}: OutputShape {outputShape} gives {value} at dim {d}, real [{string.Join(", ", output.shape)}]:\n{program.Source}");
                            known++;
                        }
                    }
                }
            }
        }

        output.WriteLine($"{generated.Count} programs run twice; {known} output dims compared, the others unknown to the checker; checked and compiled in {compiled.TotalSeconds:F1} s, run in {(clock.Elapsed - compiled).TotalSeconds:F1} s");
        Assert.True(known > count, $"only {known} output dims were known: the programs should exercise the catalogue");
    }

    [Fact]
    public void Random_forward_programs_never_crash_the_checker()
    {
        const int perCompilation = 40;
        var random = new Random(Seed + 2);
        var kinds = new Dictionary<string, int>();
        for (var batch = 0; batch < Scale; batch++)
        {
            var source = Usings + "namespace FuzzForward;\n" +
                string.Concat(Enumerable.Range(0, perCompilation).Select(i => ForwardProgram.Random(random, $"Wild{batch}_{i}").Source));
            Dump($"wild{batch}", source);
            var run = GeneratorHarness.Run(source);  // asserts that neither the generator nor the analyzer threw
            foreach (var diagnostic in run.Diagnostics)
            {
                kinds[diagnostic.Id] = kinds.GetValueOrDefault(diagnostic.Id) + 1;
                Assert.False(diagnostic.Id == "SS0099", $"seed {Seed + 2}, batch {batch}: {diagnostic}\n{source}");
            }

            // One diagnostic per mistake and no compiler noise: the programs are valid C#, so the build shows the SS errors only.
            run.AssertNoNoise();
        }

        output.WriteLine(string.Join(", ", kinds.Select(k => $"{k.Key} x{k.Value}")));

        // The wild programs must reach the checker's errors, not only its happy path.
        Assert.True(kinds.ContainsKey("SS0020"), "diagnostics seen: " + string.Join(", ", kinds.Select(k => $"{k.Key} x{k.Value}")));
    }

    /// <summary>SHAPESHARP_FUZZ_DUMP=folder writes the generated programs there, to read them.</summary>
    private static void Dump(string name, string source)
    {
        if (Environment.GetEnvironmentVariable("SHAPESHARP_FUZZ_DUMP") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name + ".cs"), source);
        }
    }

    /// <summary>The program a diagnostic falls in, for the failure message.</summary>
    private static string Owner(IEnumerable<ForwardProgram> programs, string source, Location location)
    {
        var at = location.SourceSpan.Start - (source.Length - string.Concat(programs.Select(p => p.Source)).Length);
        foreach (var program in programs)
        {
            if (at < program.Source.Length)
            {
                return program.Source;
            }

            at -= program.Source.Length;
        }

        return "(not in a program)";
    }
}

/// <summary>
/// A dim as the program generator tracks it: a polynomial in the free symbols (B, T, S) with integer
/// coefficients, which is all the ops it uses can produce (cat adds, flatten multiplies, a slice or a
/// convolution subtracts a constant).
/// </summary>
internal sealed class FuzzDim : IEquatable<FuzzDim>
{
    private readonly SortedDictionary<string, long> _terms;  // monomial (its symbols, sorted) -> coefficient; "" is the constant

    private FuzzDim(SortedDictionary<string, long> terms)
    {
        _terms = terms;
        foreach (var zero in _terms.Where(t => t.Value == 0).Select(t => t.Key).ToList())
        {
            _terms.Remove(zero);
        }
    }

    public bool IsConstant => _terms.Keys.All(k => k.Length == 0);

    /// <summary>The value of a constant dim.</summary>
    public long Coefficient => _terms.GetValueOrDefault("");

    public static FuzzDim Of(long value) => new(new SortedDictionary<string, long>(StringComparer.Ordinal) { [""] = value });

    public static FuzzDim Free(char symbol) => new(new SortedDictionary<string, long>(StringComparer.Ordinal) { [symbol.ToString()] = 1 });

    public FuzzDim Times(FuzzDim other)
    {
        var terms = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (m1, c1) in _terms)
        {
            foreach (var (m2, c2) in other._terms)
            {
                var m = string.Concat((m1 + m2).Order());
                terms[m] = terms.GetValueOrDefault(m) + c1 * c2;
            }
        }

        return new FuzzDim(terms);
    }

    public FuzzDim Plus(FuzzDim other)
    {
        var terms = new SortedDictionary<string, long>(_terms, StringComparer.Ordinal);
        foreach (var (m, c) in other._terms)
        {
            terms[m] = terms.GetValueOrDefault(m) + c;
        }

        return new FuzzDim(terms);
    }

    public FuzzDim Plus(long constant) => Plus(Of(constant));

    public long Evaluate(IReadOnlyDictionary<string, long> values) =>
        _terms.Sum(t => t.Key.Aggregate(t.Value, (product, symbol) => product * values[symbol.ToString()]));

    public bool Equals(FuzzDim? other) => other is not null && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as FuzzDim);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public static bool operator ==(FuzzDim? left, FuzzDim? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(FuzzDim? left, FuzzDim? right) => !(left == right);

    /// <summary>Canonical: "2 * B * T + T - 1"; a single symbol or constant is how [Input] declares it.</summary>
    public override string ToString()
    {
        if (_terms.Count == 0)
        {
            return "0";
        }

        var text = new StringBuilder();
        foreach (var (monomial, coefficient) in _terms.OrderByDescending(t => t.Key.Length).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            var magnitude = Math.Abs(coefficient);
            var factors = monomial.Select(c => c.ToString()).ToList();
            if (magnitude != 1 || factors.Count == 0)
            {
                factors.Insert(0, magnitude.ToString(CultureInfo.InvariantCulture));
            }

            text.Append(text.Length == 0 ? (coefficient < 0 ? "-" : "") : (coefficient < 0 ? " - " : " + ")).Append(string.Join(" * ", factors));
        }

        return text.ToString();
    }
}

/// <summary>One generated model: a class with blocks and a hand-written forward over 1-2 inputs.</summary>
internal sealed class ForwardProgram
{
    private sealed record Var(string Name, FuzzDim[] Shape);

    /// <summary>The free dims' values of the two runs; every dim of a correct program is positive at both.</summary>
    public static readonly IReadOnlyList<IReadOnlyDictionary<string, long>> Runs = new[]
    {
        new Dictionary<string, long> { ["B"] = 2, ["T"] = 5, ["S"] = 6 },
        new Dictionary<string, long> { ["B"] = 3, ["T"] = 4, ["S"] = 7 },
    };

    private readonly Random _random;
    private readonly bool _wild;
    private readonly List<Var> _vars = new();
    private readonly List<string> _lines = new();
    private readonly List<string> _blocks = new();
    private readonly List<string> _helpers = new();

    private ForwardProgram(Random random, string name, bool wild)
    {
        _random = random;
        _wild = wild;
        Name = name;
    }

    public string Name { get; }

    public string Source { get; private set; } = "";

    public List<FuzzDim[]> Inputs { get; } = new();

    public FuzzDim[] Output { get; private set; } = Array.Empty<FuzzDim>();

    public static ForwardProgram Correct(Random random, string name) => new ForwardProgram(random, name, wild: false).Build();

    public static ForwardProgram Random(Random random, string name) => new ForwardProgram(random, name, wild: true).Build();

    private ForwardProgram Build()
    {
        var inputs = _random.Next(4) == 0 ? 2 : 1;
        var first = InputShape();
        Inputs.Add(first);
        if (inputs == 2)
        {
            // A second input of the same shape (an encoder-decoder pair, a mask of the features...).
            Inputs.Add(_random.Next(2) == 0 ? first : InputShape());
        }

        for (var i = 0; i < Inputs.Count; i++)
        {
            _vars.Add(new Var("x" + i, Inputs[i]));
        }

        var steps = _random.Next(3, 11);
        for (var step = 0; step < steps; step++)
        {
            if (!(_wild && _random.Next(3) == 0 ? WildStep() : Step()))
            {
                step--;  // the op drawn did not apply: draw another
            }
        }

        var result = _wild ? _vars[_random.Next(_vars.Count)] : _vars[^1];
        Output = result.Shape;
        var text = new StringBuilder();
        foreach (var (shape, i) in Inputs.Select((s, i) => (s, i)))
        {
            text.Append(CultureInfo.InvariantCulture, $"[Input(\"{string.Join(", ", shape.Select(d => d.ToString()))}\", Name = \"x{i}\")]\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"public partial class {Name}\n{{\n");
        foreach (var block in _blocks)
        {
            text.Append("    ").Append(block).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"    public override Tensor forward({string.Join(", ", Inputs.Select((_, i) => "Tensor x" + i))})\n    {{\n");
        foreach (var line in _lines)
        {
            text.Append("        ").Append(line).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"        return {result.Name};\n    }}\n");
        foreach (var helper in _helpers)
        {
            text.Append("    ").Append(helper).Append('\n');
        }

        text.Append("}\n\n");
        Source = text.ToString();
        return this;
    }

    private FuzzDim[] InputShape()
    {
        var rank = _random.Next(2, 5);
        return Enumerable.Range(0, rank).Select(i => i == 0 && _random.Next(4) != 0 ? FuzzDim.Free('B') : _random.Next(3) switch
        {
            0 => FuzzDim.Free("BTS"[_random.Next(3)]),
            _ => FuzzDim.Of(new long[] { 1, 2, 3, 4, 6, 8 }[_random.Next(6)]),
        }).ToArray();
    }

    /// <summary>Mostly the latest tensor, so that ops chain into deep programs; sometimes an earlier one (a residual, a branch).</summary>
    private Var Pick() => _random.Next(10) < 7 ? _vars[^1] : _vars[_random.Next(_vars.Count)];

    /// <summary>Adds <c>var vN = expression;</c>; false (nothing added) when a correct program's tensor would grow past what runs quickly.</summary>
    private bool Emit(string expression, FuzzDim[] shape)
    {
        if (!_wild && Runs.Any(values => shape.Any(d => d.Evaluate(values) < 1) || shape.Aggregate(1L, (p, d) => p * d.Evaluate(values)) > 20_000))
        {
            return false;  // an empty dim, or a tensor too large to run quickly
        }

        var name = "v" + _vars.Count;
        var used = System.Text.RegularExpressions.Regex.Matches(expression, @"\b[vx][0-9]+\b").Select(m => m.Value).Distinct().ToList();
        switch (_random.Next(12))
        {
            case 0 when used.Count == 1:
            {
                // The op inside a helper method of the class, which the checker interprets at its call.
                var helper = "Helper" + _helpers.Count;
                _helpers.Add($"private Tensor {helper}(Tensor t) => {System.Text.RegularExpressions.Regex.Replace(expression, $@"\b{used[0]}\b", "t")};");
                _lines.Add($"var {name} = {helper}({used[0]});");
                break;
            }

            case 1:
                // Both branches of an if give the same shape.
                _lines.Add($"Tensor {name};");
                _lines.Add($"if (training) {{ {name} = {expression}; }} else {{ {name} = ({expression}).relu(); }}");
                break;
            case 2:
                // A loop whose body keeps the shape.
                _lines.Add($"var {name} = {expression};");
                _lines.Add($"for (var i = 0; i < 2; i++) {{ {name} = {name} * 0.5 + {name}.tanh(); }}");
                break;
            default:
                _lines.Add($"var {name} = {expression};");
                break;
        }

        _vars.Add(new Var(name, shape));
        return true;
    }

    private string Block(string layers, string parameters = "Tensor x")
    {
        var name = "Block" + _blocks.Count;
        _blocks.Add($"[{layers}] private partial Tensor {name}({parameters});");
        return name;
    }

    private static string Longs(IEnumerable<long> values) => "new long[] { " + string.Join(", ", values) + " }";

    private int Axis(int rank) => _random.Next(2) == 0 ? _random.Next(rank) : _random.Next(rank) - rank;  // positive or negative

    private static int Normal(int axis, int rank) => axis < 0 ? axis + rank : axis;

    /// <summary>One shape-correct op on a random live tensor; false when the drawn op does not apply to it.</summary>
    private bool Step()
    {
        var v = Pick();
        var s = v.Shape;
        var rank = s.Length;
        switch (_random.Next(38))
        {
            case 0:  // unary elementwise, in method, torch. and using-static forms
                return Emit(_random.Next(8) switch
                {
                    0 => $"{v.Name}.relu()",
                    1 => $"tanh({v.Name})",
                    2 => $"torch.sigmoid({v.Name})",
                    3 => $"gelu({v.Name})",
                    4 => $"{v.Name}.exp()",
                    5 => $"-{v.Name} * 0.5 + 1",
                    6 => $"silu({v.Name})",
                    _ => $"nn.functional.relu({v.Name})",
                }, s);
            case 1:  // binary on two tensors of the same shape
            {
                var same = _vars.Where(w => w.Shape.SequenceEqual(s)).ToList();
                var w = same[_random.Next(same.Count)];
                return Emit(_random.Next(5) switch
                {
                    0 => $"{v.Name} + {w.Name}",
                    1 => $"{v.Name} * {w.Name}",
                    2 => $"{v.Name}.sub({w.Name})",
                    3 => $"maximum({v.Name}, {w.Name})",
                    _ => $"{v.Name}.where({v.Name}.gt(0), {w.Name})",
                }, s);
            }

            case 2:  // broadcast against a keepdim reduction
            {
                var d = Axis(rank);
                return Emit(_random.Next(3) switch
                {
                    0 => $"{v.Name} - {v.Name}.mean(new long[] {{ {d} }}, keepdim: true)",
                    1 => $"{v.Name} / {v.Name}.sum({d}, keepdim: true)",
                    _ => $"{v.Name} * {v.Name}.amax(new long[] {{ {d} }}, keepdim: true)",
                }, s);
            }

            case 3:  // transpose
            {
                if (rank < 2)
                {
                    return false;
                }

                var (a, b) = (Axis(rank), Axis(rank));
                var shape = (FuzzDim[])s.Clone();
                (shape[Normal(a, rank)], shape[Normal(b, rank)]) = (shape[Normal(b, rank)], shape[Normal(a, rank)]);
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.transpose({a}, {b})" : $"torch.transpose({v.Name}, {a}, {b})", shape);
            }

            case 4:  // permute
            {
                var order = Enumerable.Range(0, rank).OrderBy(_ => _random.Next()).ToArray();
                return Emit($"{v.Name}.permute({string.Join(", ", order)})", order.Select(i => s[i]).ToArray());
            }

            case 5:  // reshape keeping the first dim, the rest flattened with -1
            {
                if (rank < 2)
                {
                    return false;
                }

                var rest = s.Skip(1).Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d));
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.reshape({v.Name}.shape[0], -1)" : $"{v.Name}.contiguous().view({v.Name}.size(0), -1)", new[] { s[0], rest });
            }

            case 6:  // reshape(-1, c) to a constant suffix
            {
                var suffix = 0;
                while (suffix < rank - 1 && s[rank - 1 - suffix].IsConstant)
                {
                    suffix++;
                }

                if (suffix == 0)
                {
                    return false;
                }

                var take = _random.Next(1, suffix + 1);
                var c = s.Skip(rank - take).Aggregate(1L, (p, d) => p * d.Coefficient);
                var prefix = s.Take(rank - take).Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d));
                return Emit($"{v.Name}.reshape(-1, {c})", new[] { prefix, FuzzDim.Of(c) });
            }

            case 7:  // flatten(start, end)
            {
                if (rank < 2)
                {
                    return false;
                }

                var start = _random.Next(rank - 1);
                var end = _random.Next(start + 1, rank);
                var merged = s.Skip(start).Take(end - start + 1).Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d));
                var shape = s.Take(start).Append(merged).Concat(s.Skip(end + 1)).ToArray();
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.flatten({start}, {end})" : $"torch.flatten({v.Name}, {start}, {end})", shape);
            }

            case 8:  // unflatten a constant dim into two factors
            {
                var candidates = Enumerable.Range(0, rank).Where(i => s[i].IsConstant && s[i].Coefficient is 4 or 6 or 8 or 12 or 16).ToList();
                if (candidates.Count == 0)
                {
                    return false;
                }

                var d = candidates[_random.Next(candidates.Count)];
                var a = s[d].Coefficient % 4 == 0 ? 2 : 3;
                var b = s[d].Coefficient / a;
                return Emit($"{v.Name}.unflatten({d}, {Longs(new[] { a, b })})", s.Take(d).Append(FuzzDim.Of(a)).Append(FuzzDim.Of(b)).Concat(s.Skip(d + 1)).ToArray());
            }

            case 9:  // unsqueeze / squeeze of a constant 1
            {
                var ones = Enumerable.Range(0, rank).Where(i => s[i] == FuzzDim.Of(1)).ToList();
                if (ones.Count > 0 && rank > 1 && _random.Next(2) == 0)
                {
                    var d = ones[_random.Next(ones.Count)];
                    return Emit($"{v.Name}.squeeze({d})", s.Where((_, i) => i != d).ToArray());
                }

                if (rank >= 5)
                {
                    return false;
                }

                var at = _random.Next(rank + 1);
                return Emit($"{v.Name}.unsqueeze({at})", s.Take(at).Append(FuzzDim.Of(1)).Concat(s.Skip(at)).ToArray());
            }

            case 10:  // a reduction over one dim, with or without keepdim
            {
                if (rank < 2)
                {
                    return false;
                }

                var d = _random.Next(rank);
                var keep = _random.Next(2) == 0;
                var shape = keep ? s.Select((x, i) => i == d ? FuzzDim.Of(1) : x).ToArray() : s.Where((_, i) => i != d).ToArray();
                return Emit(_random.Next(4) switch
                {
                    0 => $"{v.Name}.sum({d}, keepdim: {Lower(keep)})",
                    1 => $"{v.Name}.mean(new long[] {{ {d} }}, keepdim: {Lower(keep)})",
                    2 => $"torch.sum({v.Name}, {d}, {Lower(keep)})",
                    _ => $"{v.Name}.amax(new long[] {{ {d} }}, keepdim: {Lower(keep)})",
                }, shape);
            }

            case 11:  // softmax over a dim
                return Emit(_random.Next(3) switch
                {
                    0 => $"{v.Name}.softmax({Axis(rank)})",
                    1 => $"softmax({v.Name}, {Axis(rank)})",
                    _ => $"{v.Name}.log_softmax({Axis(rank)})",
                }, s);
            case 12:  // cat of a tensor with itself (or an equal-shaped one) on a dim
            {
                var d = _random.Next(rank);
                var same = _vars.Where(w => w.Shape.SequenceEqual(s)).ToList();
                var w = same[_random.Next(same.Count)];
                return Emit($"cat(new[] {{ {v.Name}, {w.Name} }}, {d})", s.Select((x, i) => i == d ? x.Plus(x) : x).ToArray());
            }

            case 13:  // stack
            {
                if (rank >= 5)
                {
                    return false;
                }

                var d = _random.Next(rank + 1);
                return Emit($"stack(new[] {{ {v.Name}, {v.Name}, {v.Name} }}, {d})", s.Take(d).Append(FuzzDim.Of(3)).Concat(s.Skip(d)).ToArray());
            }

            case 14:  // chunk / split a constant dim
            {
                var candidates = Enumerable.Range(0, rank).Where(i => s[i].IsConstant && s[i].Coefficient % 2 == 0).ToList();
                if (candidates.Count == 0)
                {
                    return false;
                }

                var d = candidates[_random.Next(candidates.Count)];
                var half = FuzzDim.Of(s[d].Coefficient / 2);
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.chunk(2, {d})[{_random.Next(2)}]" : $"{v.Name}.split({s[d].Coefficient / 2}, {d})[1]", s.Select((x, i) => i == d ? half : x).ToArray());
            }

            case 15:  // attention-style scores: x @ x^T over the last two dims
            {
                if (rank < 2)
                {
                    return false;
                }

                var shape = s.Take(rank - 1).Append(s[rank - 2]).ToArray();
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.matmul({v.Name}.transpose(-2, -1))" : $"torch.matmul({v.Name}, {v.Name}.transpose(-1, -2))", shape);
            }

            case 16:  // a matmul with a constant weight on a constant last dim
            {
                if (!s[^1].IsConstant)
                {
                    return false;
                }

                var c = _random.Next(1, 7);
                return Emit($"{v.Name}.matmul(randn({s[^1].Coefficient}, {c}))", s.Take(rank - 1).Append(FuzzDim.Of(c)).ToArray());
            }

            case 17:  // a Linear (or LayerNorm + Linear) block on a constant last dim
            {
                if (!s[^1].IsConstant)
                {
                    return false;
                }

                var c = _random.Next(1, 9);
                var layers = _random.Next(3) switch
                {
                    0 => $"Linear({c})",
                    1 => $"LayerNorm, Linear({c}), ReLU",
                    _ => $"Linear({c}, Bias = false), Dropout(0.1)",
                };
                return Emit($"{Block(layers)}({v.Name})", s.Take(rank - 1).Append(FuzzDim.Of(c)).ToArray());
            }

            case 18:  // a LayerNorm block on a constant last dim
                if (!s[^1].IsConstant)
                {
                    return false;
                }

                return Emit($"{Block("LayerNorm")}({v.Name})", s);
            case 19:  // a 1x1 Conv1d block on [N, C, L] with a constant C
            {
                if (rank != 3 || !s[1].IsConstant)
                {
                    return false;
                }

                var c = _random.Next(1, 9);
                return Emit($"{Block($"Conv1d({c}, Kernel = 1)")}({v.Name})", new[] { s[0], FuzzDim.Of(c), s[2] });
            }

            case 20:  // indexing and slicing
            {
                if (rank < 2)
                {
                    return false;
                }

                switch (_random.Next(5))
                {
                    case 0:
                        return Emit($"{v.Name}[.., 0]", s.Where((_, i) => i != 1).ToArray());
                    case 1:
                        return Emit($"{v.Name}[TensorIndex.Ellipsis, -1]", s.Take(rank - 1).ToArray());
                    case 2:
                        return Emit($"{v.Name}[.., ..1]", s.Select((x, i) => i == 1 ? FuzzDim.Of(1) : x).ToArray());
                    case 3:
                        if (rank >= 5)
                        {
                            return false;
                        }

                        return Emit($"{v.Name}[TensorIndex.Ellipsis, TensorIndex.None]", s.Append(FuzzDim.Of(1)).ToArray());
                    default:
                    {
                        var d = _random.Next(rank);
                        return Emit($"{v.Name}.select({d}, 0)", s.Where((_, i) => i != d).ToArray());
                    }
                }
            }

            case 21:  // narrow to a constant length
            {
                var d = _random.Next(rank);
                if (!s[d].IsConstant || s[d].Coefficient < 2)
                {
                    return false;
                }

                var length = _random.Next(1, (int)s[d].Coefficient);
                return Emit($"{v.Name}.narrow({d}, 1, {length})", s.Select((x, i) => i == d ? FuzzDim.Of(length) : x).ToArray());
            }

            case 22:  // expand a new dim
            {
                if (rank >= 5)
                {
                    return false;
                }

                var at = _random.Next(rank + 1);
                var k = _random.Next(2, 4);
                var sizes = Enumerable.Range(0, rank + 1).Select(i => i == at ? k : -1);
                return Emit($"{v.Name}.unsqueeze({at}).expand({string.Join(", ", sizes)})", s.Take(at).Append(FuzzDim.Of(k)).Concat(s.Skip(at)).ToArray());
            }

            case 24:  // slices that drop the first or the last element of a dim
            {
                if (rank < 2)
                {
                    return false;
                }

                return _random.Next(3) switch
                {
                    0 => Emit($"{v.Name}[.., 1..]", s.Select((x, i) => i == 1 ? x.Plus(-1) : x).ToArray()),
                    1 => Emit($"{v.Name}[.., ..^1]", s.Select((x, i) => i == 1 ? x.Plus(-1) : x).ToArray()),
                    _ => Emit($"{v.Name}[TensorIndex.Ellipsis, TensorIndex.Slice(1, null)]", s.Select((x, i) => i == rank - 1 ? x.Plus(-1) : x).ToArray()),
                };
            }

            case 25:  // narrow by a length computed from the shape
            {
                var d = _random.Next(rank);
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.narrow({d}, 1, {v.Name}.shape[{d}] - 1)" : $"{v.Name}.narrow({d}, 0, {v.Name}.size({d}) - 1)",
                    s.Select((x, i) => i == d ? x.Plus(-1) : x).ToArray());
            }

            case 26:  // cat with its own keepdim summary on that dim (a class token, a pooled step)
            {
                var d = _random.Next(rank);
                return Emit($"cat(new[] {{ {v.Name}, {v.Name}.mean(new long[] {{ {d} }}, keepdim: true) }}, {d})", s.Select((x, i) => i == d ? x.Plus(1) : x).ToArray());
            }

            case 27:  // cat of two different tensors that agree on every other dim
            {
                var d = _random.Next(rank);
                var partners = _vars.Where(w => w.Shape.Length == rank && Enumerable.Range(0, rank).All(i => i == d || w.Shape[i] == s[i])).ToList();
                var w = partners[_random.Next(partners.Count)];
                return Emit($"torch.cat(new[] {{ {v.Name}, {w.Name} }}, dim: {d})", s.Select((x, i) => i == d ? x.Plus(w.Shape[d]) : x).ToArray());
            }

            case 28:  // a Conv1d block with a kernel, padding and dilation on [N, C, L] with a constant C
            {
                if (rank != 3 || !s[1].IsConstant)
                {
                    return false;
                }

                var (c, k, p, dilation) = (_random.Next(1, 9), _random.Next(1, 4), _random.Next(0, 3), _random.Next(1, 3));
                return Emit($"{Block($"Conv1d({c}, Kernel = {k}, Padding = {p}, Dilation = {dilation})")}({v.Name})",
                    new[] { s[0], FuzzDim.Of(c), s[2].Plus(2 * p - dilation * (k - 1)) });
            }

            case 29:  // repeat_interleave on a dim
            {
                var d = _random.Next(rank);
                return Emit($"{v.Name}.repeat_interleave(2, dim: {d})", s.Select((x, i) => i == d ? x.Plus(x) : x).ToArray());
            }

            case 30:  // attention over the last two dims
                if (rank < 3)
                {
                    return false;
                }

                return rank == 3 && _random.Next(2) == 0
                    ? Emit($"{v.Name}.bmm({v.Name}.transpose(1, 2)).softmax(-1).bmm({v.Name})", s)
                    : Emit($"scaled_dot_product_attention({v.Name}, {v.Name}, {v.Name})", s);
            case 31:  // split a constant last dim into heads
            {
                if (rank != 3 || !s[2].IsConstant || s[2].Coefficient % 2 != 0)
                {
                    return false;
                }

                return Emit($"{v.Name}.reshape({v.Name}.shape[0], {v.Name}.shape[1], 2, -1).transpose(1, 2)", new[] { s[0], FuzzDim.Of(2), s[1], FuzzDim.Of(s[2].Coefficient / 2) });
            }

            case 32:  // merge the first two dims by their product
            {
                if (rank < 3)
                {
                    return false;
                }

                var rest = s.Skip(2).Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d));
                return Emit($"{v.Name}.reshape({v.Name}.shape[0] * {v.Name}.shape[1], -1)", new[] { s[0].Times(s[1]), rest });
            }

            case 33:  // a causal mask on square last dims, sized from the shape
            {
                if (rank < 2 || s[^1] != s[^2])
                {
                    return false;
                }

                return Emit($"{v.Name}.masked_fill(ones({v.Name}.size(-1), {v.Name}.size(-1)).tril().eq(0), -1e9)", s);
            }

            case 34:  // a Conv2d block on [N, C, H, W] with a constant C: stride 1 on any size, stride 2 (or a pool) on constant sizes
            {
                if (rank != 4 || !s[1].IsConstant)
                {
                    return false;
                }

                var c = _random.Next(1, 9);
                if (s[2].IsConstant && s[3].IsConstant && _random.Next(2) == 0)
                {
                    var (k, p) = (_random.Next(1, 4), _random.Next(0, 2));
                    if (Math.Min(s[2].Coefficient, s[3].Coefficient) + 2 * p < k)
                    {
                        return false;  // the kernel does not fit
                    }

                    FuzzDim Down(FuzzDim d) => FuzzDim.Of(((d.Coefficient + 2 * p - k) / 2) + 1);
                    return _random.Next(3) switch
                    {
                        0 => Emit($"{Block($"Conv2d({c}, Kernel = {k}, Stride = 2, Padding = {p})")}({v.Name})", new[] { s[0], FuzzDim.Of(c), Down(s[2]), Down(s[3]) }),
                        1 when k > 1 => Emit($"{Block($"MaxPool2d({k}, Stride = 2, Padding = {p})")}({v.Name})", new[] { s[0], s[1], Down(s[2]), Down(s[3]) }),
                        _ => Emit($"max_pool2d({v.Name}, 2)", new[] { s[0], s[1], FuzzDim.Of(s[2].Coefficient / 2), FuzzDim.Of(s[3].Coefficient / 2) }),
                    };
                }

                var (kernel, padding) = (_random.Next(1, 4), _random.Next(0, 3));
                var layers = _random.Next(2) == 0 ? $"Conv2d({c}, Kernel = {kernel}, Padding = {padding})" : $"Conv2d({c}, Kernel = {kernel}, Padding = {padding}), BatchNorm2d, ReLU";
                var size = new Func<FuzzDim, FuzzDim>(d => d.Plus(2 * padding - kernel + 1));
                return Emit($"{Block(layers)}({v.Name})", new[] { s[0], FuzzDim.Of(c), size(s[2]), size(s[3]) });
            }

            case 35:  // merge two dims by their product, then split them back with -1
            {
                if (rank < 3)
                {
                    return false;
                }

                var rest = s.Skip(2).Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d));
                return Emit($"{v.Name}.reshape({v.Name}.shape[0] * {v.Name}.shape[1], -1).view({v.Name}.shape[0], {v.Name}.shape[1], -1)", new[] { s[0], s[1], rest });
            }

            case 36:  // flatten everything with view(-1)
                if (rank > 3)
                {
                    return false;
                }

                return Emit($"{v.Name}.contiguous().view(-1)", new[] { s.Aggregate(FuzzDim.Of(1), (p, d) => p.Times(d)) });
            case 37:  // reshape to a shape read from a tensor of the same shape
            {
                var same = _vars.Where(w => w.Shape.SequenceEqual(s)).ToList();
                var w = same[_random.Next(same.Count)];
                return Emit(_random.Next(2) == 0 ? $"{v.Name}.flatten().reshape({w.Name}.shape)" : $"{v.Name}.reshape(-1).view_as({w.Name})", s);
            }

            default:  // masked_fill with a mask of the same shape, or a broadcast one
                return Emit(_random.Next(2) == 0
                    ? $"{v.Name}.masked_fill({v.Name}.gt(0), 0.0)"
                    : $"{v.Name}.masked_fill({v.Name}.sum({rank - 1}, keepdim: true).lt(0), -1.0)", s);
        }
    }

    /// <summary>An op drawn without its preconditions: any dims, any shapes, any layer.</summary>
    private bool WildStep()
    {
        var v = Pick();
        var w = Pick();
        var rank = v.Shape.Length;
        string Dim() => (_random.Next(rank * 2 + 2) - rank - 1).ToString(CultureInfo.InvariantCulture);
        string Size() => _random.Next(5) switch
        {
            0 => "-1",
            1 => $"{v.Name}.shape[{_random.Next(rank)}]",
            2 => "0",
            _ => _random.Next(1, 65).ToString(CultureInfo.InvariantCulture),
        };
        switch (_random.Next(14))
        {
            case 0:
                return Emit($"{v.Name} + {w.Name}", v.Shape);
            case 1:
                return Emit($"{v.Name}.matmul({w.Name})", v.Shape);
            case 2:
                return Emit($"cat(new[] {{ {v.Name}, {w.Name} }}, {Dim()})", v.Shape);
            case 3:
                return Emit($"{v.Name}.view({string.Join(", ", Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Size()))})", v.Shape);
            case 4:
                return Emit($"{v.Name}.transpose({Dim()}, {Dim()})", v.Shape);
            case 5:
                return Emit($"{v.Name}.chunk({_random.Next(1, 5)}, {Dim()})[{_random.Next(3)}]", v.Shape);
            case 6:
                return Emit($"{Block(_random.Next(5) switch { 0 => $"Linear({_random.Next(1, 9)})", 1 => "LayerNorm", 2 => "Conv2d(4, Kernel = 3)", 3 => "Conv1d(4, Kernel = 5)", _ => "Embedding(10, 4)" })}({v.Name})", v.Shape);
            case 7:
                return Emit($"{v.Name}.permute({string.Join(", ", Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Dim()))})", v.Shape);
            case 8:
                return Emit($"stack(new[] {{ {v.Name}, {w.Name} }}, {Dim()})", v.Shape);
            case 9:
                return Emit($"{v.Name}.squeeze({Dim()}).unsqueeze({Dim()})", v.Shape);
            case 10:
                return Emit($"{v.Name}.sum({Dim()}).mean(new long[] {{ {Dim()}, {Dim()} }}, keepdim: true)", v.Shape);
            case 11:
                return Emit($"{v.Name}[.., {_random.Next(-3, 4)}]", v.Shape);
            case 12:
                return Emit($"{v.Name}.unflatten({Dim()}, {Longs(new long[] { _random.Next(-1, 5), _random.Next(1, 5) })})", v.Shape);
            default:
                return Emit($"einsum(\"{(_random.Next(2) == 0 ? "bij,bjk->bik" : "ij,jk")}\", {v.Name}, {w.Name})", v.Shape);
        }
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
