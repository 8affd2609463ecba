using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Layers;

/// <summary>Every layer kind the generator knows, by attribute name.</summary>
internal static class LayerCatalog
{
    private static readonly Dictionary<string, LayerRule> Rules = new LayerRule[]
    {
        new LinearRule(),
        new Conv1dRule(),
        new Conv2dRule(),
        new ConvTranspose2dRule(),
        new MaxPool1dRule(),
        new MaxPool2dRule(),
        new AvgPool2dRule(),
        new AdaptiveAvgPool2dRule(),
        new BatchNorm1dRule(),
        new BatchNorm2dRule(),
        new LayerNormRule(),
        new RMSNormRule(),
        new RecurrentRule("LSTM", 4),
        new RecurrentRule("GRU", 3),
        new RecurrentRule("RNN", 1),
        new MultiheadAttentionRule(),
        new SubModelRule(),
        new DropoutRule(),
        new FlattenRule(),
        new EmbeddingRule(),
        new ReshapeRule(),
        new PermuteRule(),
        new ActivationRule("ReLU"),
        new LeakyReLURule(),
        new ActivationRule("GELU"),
        new ActivationRule("SiLU"),
        new ActivationRule("Tanh"),
        new ActivationRule("Sigmoid"),
        new SoftmaxRule("Softmax"),
        new SoftmaxRule("LogSoftmax"),
    }.ToDictionary(r => r.Kind);

    public static LayerRule? Find(string kind) => Rules.TryGetValue(kind, out var rule) ? rule : null;

    public static IEnumerable<string> Kinds => Rules.Keys;
}
