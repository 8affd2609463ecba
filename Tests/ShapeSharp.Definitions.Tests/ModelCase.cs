using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Definitions.Tests.HandWritten;
using ShapeSharp.Definitions.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests;

/// <summary>
/// One Definitions model with what the tests need to exercise it: the generated module, its
/// hand-written twin, a real input, and the shape strings the generator inferred at compile time.
/// </summary>
public sealed record ModelCase(
    string Name,
    Func<nn.Module<Tensor, Tensor>> Generated,
    Func<nn.Module<Tensor, Tensor>> HandWritten,
    Func<long, Tensor> Input,
    string InputShape,
    string OutputShape,
    long ParameterCount,
    Func<nn.Module<Tensor, Tensor>, string> Summary)
{
    private const long Vocab = 1000;

    public static IReadOnlyList<ModelCase> All { get; } = new[]
    {
        new ModelCase(nameof(XorMlp), () => new XorMlp(), References.XorMlp,
            b => rand(b, 2), XorMlp.InputShape, XorMlp.OutputShape, XorMlp.ParameterCount, m => ((XorMlp)m).Summary()),
        new ModelCase(nameof(FashionDnn), () => new FashionDnn(), References.FashionDnn,
            b => rand(b, 1, 28, 28), FashionDnn.InputShape, FashionDnn.OutputShape, FashionDnn.ParameterCount, m => ((FashionDnn)m).Summary()),
        new ModelCase(nameof(FashionCnn), () => new FashionCnn(), References.FashionCnn,
            b => rand(b, 1, 28, 28), FashionCnn.InputShape, FashionCnn.OutputShape, FashionCnn.ParameterCount, m => ((FashionCnn)m).Summary()),
        new ModelCase(nameof(LeNet5), () => new LeNet5(), References.LeNet5,
            b => rand(b, 3, 32, 32), LeNet5.InputShape, LeNet5.OutputShape, LeNet5.ParameterCount, m => ((LeNet5)m).Summary()),
        new ModelCase(nameof(VggSmall), () => new VggSmall(), References.VggSmall,
            b => rand(b, 3, 32, 32), VggSmall.InputShape, VggSmall.OutputShape, VggSmall.ParameterCount, m => ((VggSmall)m).Summary()),
        new ModelCase(nameof(TextCnn), () => new TextCnn(vocab: Vocab), () => References.TextCnn(Vocab),
            b => randint(0, Vocab, new long[] { b, 64 }, dtype: ScalarType.Int64), TextCnn.InputShape, TextCnn.OutputShape,
            TextCnnParameters(Vocab), m => ((TextCnn)m).Summary()),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static ModelCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>TextCnn's count depends on its vocabulary symbol, so it is a property of the instance.</summary>
    private static long TextCnnParameters(long vocab)
    {
        using var model = new TextCnn(vocab: vocab);
        return model.ParameterCount;
    }

    /// <summary>"[B, 10]" with B bound: the dims the generator promised, as numbers.</summary>
    public static long[] Bind(string shape, long batch) =>
        shape.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries)
            .Select(d => d == "B" ? batch : long.Parse(d, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
}
