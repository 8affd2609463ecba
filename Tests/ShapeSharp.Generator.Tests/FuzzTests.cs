using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// Thousands of random attribute stacks and shape strings, valid and not: the generator may report
/// any user diagnostic but must never throw, and never hit its internal-error guard (SS0099).
/// </summary>
public class FuzzTests
{
    /// <summary>Every kind of the catalogue (Layer&lt;T&gt; needs a model to embed: the composite fuzz covers it).</summary>
    private static readonly string[] Kinds = ShapeSharp.Generator.Layers.LayerCatalog.Kinds.Where(k => k != "Layer").OrderBy(k => k, StringComparer.Ordinal).ToArray();

    private static readonly string[] Named =
    {
        "Kernel", "Stride", "Padding", "Dilation", "Groups", "In", "StartDim", "EndDim", "Dim", "PaddingIdx", "OutputPadding", "Size",
    };

    /// <summary>A named argument's value: a number, or one per axis, or a padding string.</summary>
    private static string Value(Random random) => random.Next(6) switch
    {
        0 => $"new[] {{ {string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Number(random)))} }}",
        1 => random.Next(3) switch { 0 => "\"same\"", 1 => "\"valid\"", _ => "\"full\"" },
        _ => Number(random),
    };

    private static readonly string[] Training =
    {
        "CrossEntropyLoss", "NLLLoss", "BCEWithLogitsLoss", "MSELoss", "CrossEntropyLoss(LabelSmoothing = 0.1)", "Adam", "SGD(0.1)",
        "WarmupLinearDecay(WarmupSteps = 3)", "EarlyStopping", "GradientClipping(1.0)",
    };

    private static string Number(Random random) => random.Next(8) switch
    {
        0 => "0",
        1 => "-" + random.Next(1, 5),
        2 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        3 => random.Next(100, 5000).ToString(CultureInfo.InvariantCulture),
        _ => random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
    };

    private static string Layer(Random random)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var args = new List<string>();
        var positional = random.Next(4);
        for (var i = 0; i < positional; i++)
        {
            args.Add(random.Next(6) switch
            {
                0 => "\"" + (char)('a' + random.Next(3)) + "\"",
                1 => "0.5",
                _ => Number(random),
            });
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            args.Add($"{Named[random.Next(Named.Length)]} = {Value(random)}");
        }

        if (random.Next(10) == 0)
        {
            args.Add("Bias = false");
        }

        return args.Count == 0 ? kind : $"{kind}({string.Join(", ", args)})";
    }

    private static string Shape(Random random)
    {
        if (random.Next(10) == 0)
        {
            var junk = "#,()*+-/ ?x1";
            return new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => junk[random.Next(junk.Length)]).ToArray());
        }

        var dims = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(7) switch
        {
            0 => "B",
            1 => "T",
            2 => "?",
            3 => "T * 2",
            4 => "(H - 1) / 2",
            5 when random.Next(4) == 0 => random.Next(2) == 0 ? "2147483647" : "99999999999999999999",
            _ => random.Next(0, 40).ToString(CultureInfo.InvariantCulture),
        });
        return string.Join(", ", dims);
    }

    private static string Model(Random random, int index)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[Input(\"{Shape(random)}\"{(random.Next(5) == 0 ? ", Dtype = DType.Int64" : "")})]\n");
        var groups = random.Next(0, 4);
        for (var g = 0; g < groups; g++)
        {
            text.Append('[').Append(string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => Layer(random)))).Append("]\n");
        }

        if (random.Next(3) == 0)
        {
            text.Append('[').Append(Training[random.Next(Training.Length)]).Append("]\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"public partial class Fuzz{index};\n");
        return text.ToString();
    }

    [Fact]
    public void Random_models_never_crash_the_generator()
    {
        const int models = 3000, perCompilation = 25, seed = 20261125;
        var random = new Random(seed);
        var kinds = new Dictionary<string, int>();
        for (var batch = 0; batch < models / perCompilation; batch++)
        {
            var source = "using ShapeSharp;\nnamespace Fuzz;\n" +
                string.Concat(Enumerable.Range(0, perCompilation).Select(i => Model(random, batch * perCompilation + i)));
            var run = GeneratorHarness.Run(source);  // asserts the driver saw no exception
            foreach (var diagnostic in run.Diagnostics)
            {
                kinds[diagnostic.Id] = kinds.GetValueOrDefault(diagnostic.Id) + 1;
                Assert.False(diagnostic.Id == "SS0099", $"seed {seed}, batch {batch}: {diagnostic}\n{source}");
            }
        }

        // The fuzzer must reach both sides: models that generate and models that are refused.
        Assert.True(kinds.Count >= 5, "diagnostics seen: " + string.Join(", ", kinds.Select(k => $"{k.Key} x{k.Value}")));
    }
}
