using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShapeSharp.Definitions.Generative;
using ShapeSharp.Definitions.PointClouds;
using ShapeSharp.Definitions.Sequence;
using ShapeSharp.Definitions.Tests.HandWritten;
using ShapeSharp.Definitions.Text;
using ShapeSharp.Definitions.Transformers;
using ShapeSharp.Definitions.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// One composite Definitions model (blocks and a hand-written forward, or a sub-model used by one)
/// with what the tests need: the generated module at small symbol values, real inputs for a batch,
/// the shape strings the generator inferred at compile time, and the values its symbols stand for.
/// </summary>
/// <param name="Name">The model's class name, as its generated code and its errors spell it.</param>
/// <param name="Generated">The generated module, built with <paramref name="Symbols"/>' sizes.</param>
/// <param name="HandWritten">The same model written by hand in TorchSharp, with the same state-dict names.</param>
/// <param name="Inputs">Real inputs of batch size n, one per forward parameter, in order.</param>
/// <param name="InputNames">forward's parameter names, as the input guard reports them.</param>
/// <param name="OutputShape">The generated OutputShape constant (? where the checker could not tell).</param>
/// <param name="DocumentedShape">The output shape the model's documentation promises, for dims the checker left unknown.</param>
/// <param name="Symbols">Every symbol of the shapes but B, bound to the value the factory and inputs use.</param>
/// <param name="ParameterCount">The model's ParameterCount (a constant, or counted by the constructor).</param>
public sealed record CompositeCase(
    string Name,
    Func<nn.Module> Generated,
    Func<nn.Module> HandWritten,
    Func<long, Tensor[]> Inputs,
    string[] InputNames,
    string OutputShape,
    string DocumentedShape,
    IReadOnlyDictionary<string, long> Symbols,
    Func<nn.Module, long> ParameterCount)
{
    // Small symbol values: every test builds these models many times.
    public const long Vocab = 50, Classes = 3, SourceVocab = 40, TargetVocab = 30;
    public const long Width = 8, Side = 6, SequenceLength = 8, SourceLength = 6, TargetLength = 5;
    public const long Hidden = 12, Points = 16;

    public static IReadOnlyList<CompositeCase> All { get; } = new[]
    {
        new CompositeCase(nameof(BasicBlock), () => new BasicBlock(C: Width), () => new BasicBlockReference(Width),
            b => new[] { rand(b, Width, Side, Side) }, new[] { "x" },
            BasicBlock.OutputShape, "[B, C, H, W]", Bindings(("C", Width), ("H", Side), ("W", Side)),
            m => ((BasicBlock)m).ParameterCount),
        new CompositeCase(nameof(ResNet), () => new ResNet(), () => new ResNetReference(),
            b => new[] { rand(b, 3, 32, 32) }, new[] { "x" },
            ResNet.OutputShape, "[B, 10]", Bindings(),
            _ => ResNet.ParameterCount),
        new CompositeCase(nameof(BiLstmClassifier), () => new BiLstmClassifier(vocab: Vocab, classes: Classes), () => new BiLstmClassifierReference(Vocab, Classes),
            b => new[] { Tokens(Vocab, b, SequenceLength) }, new[] { "ids" },
            BiLstmClassifier.OutputShape, "[B, classes]", Bindings(("classes", Classes), ("vocab", Vocab), ("T", SequenceLength)),
            m => ((BiLstmClassifier)m).ParameterCount),
        new CompositeCase(nameof(LstmRegressor), () => new LstmRegressor(), () => new LstmRegressorReference(),
            b => new[] { rand(b, 30, 5) }, new[] { "x" },
            LstmRegressor.OutputShape, "[B, 1]", Bindings(),
            _ => LstmRegressor.ParameterCount),
        new CompositeCase(nameof(Seq2SeqAttention), () => new Seq2SeqAttention(sourceVocab: SourceVocab, targetVocab: TargetVocab), () => new Seq2SeqAttentionReference(SourceVocab, TargetVocab),
            b => new[] { Tokens(SourceVocab, b, SourceLength), Tokens(TargetVocab, b, TargetLength) }, new[] { "source", "target" },
            Seq2SeqAttention.OutputShape, "[B, T, targetVocab]",
            Bindings(("S", SourceLength), ("T", TargetLength), ("sourceVocab", SourceVocab), ("targetVocab", TargetVocab)),
            m => ((Seq2SeqAttention)m).ParameterCount),
        new CompositeCase(nameof(TransformerEncoderLayer), () => new TransformerEncoderLayer(), () => new EncoderLayerReference(),
            b => new[] { rand(b, SequenceLength, 256) }, new[] { "x" },
            TransformerEncoderLayer.OutputShape, "[B, T, 256]", Bindings(("T", SequenceLength)),
            _ => TransformerEncoderLayer.ParameterCount),
        new CompositeCase(nameof(TransformerClassifier), () => new TransformerClassifier(vocab: Vocab, classes: Classes), () => new TransformerClassifierReference(Vocab, Classes),
            b => new[] { Tokens(Vocab, b, 128) }, new[] { "ids" },
            TransformerClassifier.OutputShape, "[B, classes]", Bindings(("classes", Classes), ("vocab", Vocab)),
            m => ((TransformerClassifier)m).ParameterCount),
        new CompositeCase(nameof(GptBlock), () => new GptBlock(), () => new EncoderLayerReference(causal: true),
            b => new[] { rand(b, SequenceLength, 256) }, new[] { "x" },
            GptBlock.OutputShape, "[B, T, 256]", Bindings(("T", SequenceLength)),
            _ => GptBlock.ParameterCount),
        new CompositeCase(nameof(GptMini), () => new GptMini(vocab: Vocab), () => new GptMiniReference(Vocab),
            b => new[] { Tokens(Vocab, b, SequenceLength) }, new[] { "ids" },
            GptMini.OutputShape, "[B, T, vocab]", Bindings(("T", SequenceLength), ("vocab", Vocab)),
            m => ((GptMini)m).ParameterCount),
        new CompositeCase(nameof(LlamaBlock), () => new LlamaBlock(), () => new LlamaBlockReference(),
            b => new[] { rand(b, SequenceLength, 128) }, new[] { "x" },
            LlamaBlock.OutputShape, "[B, T, 128]", Bindings(("T", SequenceLength)),
            _ => LlamaBlock.ParameterCount),
        new CompositeCase(nameof(LlamaMini), () => new LlamaMini(vocab: Vocab), () => new LlamaMiniReference(Vocab),
            b => new[] { Tokens(Vocab, b, SequenceLength) }, new[] { "ids" },
            LlamaMini.OutputShape, "[B, T, vocab]", Bindings(("T", SequenceLength), ("vocab", Vocab)),
            m => ((LlamaMini)m).ParameterCount),
        new CompositeCase(nameof(DcganGenerator), () => new DcganGenerator(), DcganReference.Generator,
            b => new[] { randn(b, 100, 1, 1) }, new[] { "x" },
            DcganGenerator.OutputShape, "[B, 1, 28, 28]", Bindings(),
            _ => DcganGenerator.ParameterCount),
        new CompositeCase(nameof(DcganDiscriminator), () => new DcganDiscriminator(), DcganReference.Discriminator,
            b => new[] { rand(b, 1, 28, 28) * 2 - 1 }, new[] { "x" },
            DcganDiscriminator.OutputShape, "[B, 1]", Bindings(),
            _ => DcganDiscriminator.ParameterCount),
        new CompositeCase(nameof(DoubleConv), () => new DoubleConv(In: Width, Out: Hidden), () => UNetReference.DoubleConv(Width, Hidden),
            b => new[] { rand(b, Width, Side, Side) }, new[] { "x" },
            DoubleConv.OutputShape, "[B, Out, H, W]", Bindings(("In", Width), ("Out", Hidden), ("H", Side), ("W", Side)),
            m => ((DoubleConv)m).ParameterCount),
        new CompositeCase(nameof(UNet), () => new UNet(), () => new UNetReference(),
            b => new[] { rand(b, 1, 16, 12) }, new[] { "x" },
            UNet.OutputShape, "[B, 1, H, W]", Bindings(("H", 16), ("W", 12)),
            _ => UNet.ParameterCount),
        new CompositeCase(nameof(ConvVae), () => new ConvVae(), () => new ConvVaeReference(),
            b => new[] { rand(b, 1, 28, 28) }, new[] { "x" },
            ConvVae.OutputShape, "[B, 1, 28, 28]", Bindings(),
            _ => ConvVae.ParameterCount),
        new CompositeCase(nameof(InvertedResidual), () => new InvertedResidual(C: Width, Hidden: Hidden), () => new InvertedResidualReference(Width, Hidden, Width, stride: 1),
            b => new[] { rand(b, Width, Side, Side) }, new[] { "x" },
            InvertedResidual.OutputShape, "[B, C, H, W]", Bindings(("C", Width), ("Hidden", Hidden), ("H", Side), ("W", Side)),
            m => ((InvertedResidual)m).ParameterCount),
        new CompositeCase(nameof(MobileNetV2), () => new MobileNetV2(), () => new MobileNetV2Reference(),
            b => new[] { rand(b, 3, 32, 32) }, new[] { "x" },
            MobileNetV2.OutputShape, "[B, 10]", Bindings(),
            _ => MobileNetV2.ParameterCount),
        new CompositeCase(nameof(VitBlock), () => new VitBlock(D: 64), () => new VitBlockReference(),
            b => new[] { rand(b, SequenceLength, 64) }, new[] { "x" },
            VitBlock.OutputShape, "[B, T, D]", Bindings(("D", 64), ("T", SequenceLength)),
            m => ((VitBlock)m).ParameterCount),
        new CompositeCase(nameof(VitTiny), () => new VitTiny(), () => new VitTinyReference(),
            b => new[] { rand(b, 3, 32, 32) }, new[] { "x" },
            VitTiny.OutputShape, "[B, 10]", Bindings(),
            _ => VitTiny.ParameterCount),
        new CompositeCase(nameof(WaveNet), () => new WaveNet(), () => new WaveNetReference(),
            b => new[] { randn(b, 1, SequenceLength) }, new[] { "x" },
            WaveNet.OutputShape, "[B, 1, T]", Bindings(("T", SequenceLength)),
            _ => WaveNet.ParameterCount),
        new CompositeCase(nameof(PointNet), () => new PointNet(classes: Classes), () => new PointNetReference(Classes),
            b => new[] { randn(b, 3, Points) }, new[] { "points" },
            PointNet.OutputShape, "[B, classes]", Bindings(("classes", Classes), ("N", Points)),
            m => ((PointNet)m).ParameterCount),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static CompositeCase Get(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;

    /// <summary>
    /// A shape string with B and the symbols bound: one entry per dim, null for a dim the checker
    /// left unknown (?); null for the whole shape when even its rank is unknown ("?").
    /// </summary>
    public long?[]? Bind(string shape, long batch)
    {
        if (shape.Trim() == "?")
        {
            return null;
        }

        return shape.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries)
            .Select(dim => dim switch
            {
                "?" => (long?)null,
                "B" => batch,
                _ when Symbols.TryGetValue(dim, out var value) => value,
                _ when long.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out var constant) => constant,
                _ => throw new FormatException($"{Name}: dim '{dim}' of {shape} is neither a constant nor a symbol of the case."),
            })
            .ToArray();
    }

    /// <summary>Runs the module as a caller does (module.call, so the input guard's pre-hook runs).</summary>
    public static Tensor Call(nn.Module module, Tensor[] inputs) => (module, inputs.Length) switch
    {
        (nn.Module<Tensor, Tensor> one, 1) => one.call(inputs[0]),
        (nn.Module<Tensor, Tensor, Tensor> two, 2) => two.call(inputs[0], inputs[1]),
        _ => throw new ArgumentException($"{module.GetName()} does not take {inputs.Length} tensor(s)."),
    };

    private static Tensor Tokens(long vocab, long batch, long length) =>
        randint(0, vocab, new[] { batch, length }, dtype: ScalarType.Int64);

    private static IReadOnlyDictionary<string, long> Bindings(params (string Symbol, long Value)[] symbols) =>
        symbols.ToDictionary(s => s.Symbol, s => s.Value);
}
