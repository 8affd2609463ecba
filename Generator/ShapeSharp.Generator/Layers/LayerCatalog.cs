using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// Every layer kind the generator knows, by attribute name, each with its reference entry
/// (docs/layers.md is generated from these; the tests compile and run every example).
/// </summary>
internal static class LayerCatalog
{
    private const string Conv = "weight [out, in / Groups, *Kernel], bias [out]";
    private const string ConvT = "weight [in, out / Groups, *Kernel], bias [out]";
    private const string Norm = "weight [C], bias [C] (with Affine), running_mean [C], running_var [C], num_batches_tracked [] (with TrackRunningStats)";

    private static readonly (LayerRule Rule, LayerDoc Doc)[] Entries =
    {
        // Dense and embeddings
        (new LinearRule(), new("nn.Linear", "[*, in] -> [*, out]; `in` is inferred from the last dim", "weight [out, in], bias [out]", "B, 784", "[Linear(128), ReLU, Linear(10)]")),
        (new EmbeddingRule(), new("nn.Embedding", "integer indices [*] -> [*, width]", "weight [vocabulary, width]", "B, T", "[Embedding(1000, 32, PaddingIdx = 0), Flatten]", Indices: true)),
        (new EmbeddingBagRule(), new("nn.EmbeddingBag (bags of equal length, no offsets)", "integer indices [B, L] -> [B, width], each bag reduced by Mode (PaddingIdx left out)", "weight [vocabulary, width]", "B, 12", "[EmbeddingBag(1000, 32, Mode = \"sum\"), Linear(2)]", Indices: true)),
        (new IdentityRule(), new("nn.Identity", "unchanged", "none", "B, 10", "[Linear(10), Identity]")),

        // Convolutions
        (new Conv1dRule(), new("nn.Conv1d", "[N, C, L] (or [C, L]) -> [N, out, floor((L + 2 Padding - Dilation (Kernel - 1) - 1) / Stride) + 1]; Padding = \"same\" keeps L", Conv, "B, 4, 50", "[Conv1d(8, Kernel = 3, Stride = 2, Padding = 1)]")),
        (new Conv2dRule(), new("nn.Conv2d", "[N, C, H, W] (or [C, H, W]) -> [N, out, H', W'], each axis as Conv1d's L with its own Kernel, Stride, Padding, Dilation; Padding = \"same\" keeps H and W (Stride 1 only)", Conv, "B, 3, 32, 32", "[Conv2d(16, Kernel = new[] { 3, 1 }, Padding = \"same\"), Conv2d(32, Kernel = 3, Stride = 2, Padding = 1)]")),
        (new Conv3dRule(), new("nn.Conv3d", "[N, C, D, H, W] (or [C, D, H, W]) -> [N, out, D', H', W'], each axis as Conv1d's L", Conv, "B, 1, 8, 16, 16", "[Conv3d(4, Kernel = new[] { 1, 3, 3 }, Padding = new[] { 0, 1, 1 })]")),
        (new ConvTranspose1dRule(), new("nn.ConvTranspose1d", "[N, C, L] -> [N, out, (L - 1) Stride - 2 Padding + Dilation (Kernel - 1) + OutputPadding + 1]", ConvT, "B, 8, 25", "[ConvTranspose1d(4, Kernel = 4, Stride = 2, Padding = 1)]")),
        (new ConvTranspose2dRule(), new("nn.ConvTranspose2d", "[N, C, H, W] -> [N, out, H', W'], each axis as ConvTranspose1d's L", ConvT, "B, 16, 7, 7", "[ConvTranspose2d(8, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1)]")),

        // Pooling
        (new MaxPoolRule(1), new("nn.MaxPool1d", "[N, C, L] -> [N, C, floor((L + 2 Padding - Dilation (kernel - 1) - 1) / Stride) + 1] (ceil with CeilMode); Stride defaults to the kernel", "none", "B, 4, 33", "[MaxPool1d(2, CeilMode = true)]")),
        (new MaxPoolRule(2), new("nn.MaxPool2d", "[N, C, H, W] -> [N, C, H', W'], each axis as MaxPool1d's L", "none", "B, 3, 15, 15", "[MaxPool2d(3, Stride = 2, Padding = 1)]")),
        (new MaxPoolRule(3), new("nn.MaxPool3d", "[N, C, D, H, W] -> [N, C, D', H', W'], each axis as MaxPool1d's L", "none", "B, 2, 8, 8, 8", "[MaxPool3d(2, 2, 1)]")),
        (new AvgPoolRule(1), new("nn.AvgPool1d", "[N, C, L] -> [N, C, floor((L + 2 Padding - kernel) / Stride) + 1] (ceil with CeilMode); Stride defaults to the kernel", "none", "B, 4, 20", "[AvgPool1d(4, Stride = 2)]")),
        (new AvgPoolRule(2), new("nn.AvgPool2d", "[N, C, H, W] -> [N, C, H', W'], each axis as AvgPool1d's L", "none", "B, 3, 9, 9", "[AvgPool2d(2, Padding = 1, CountIncludePad = false)]")),
        (new AvgPoolRule(3), new("nn.AvgPool3d", "[N, C, D, H, W] -> [N, C, D', H', W'], each axis as AvgPool1d's L", "none", "B, 2, 8, 8, 8", "[AvgPool3d(2)]")),
        (new AdaptivePoolRule("Avg", 1), new("nn.AdaptiveAvgPool1d", "[N, C, L] -> [N, C, size]", "none", "B, 8, 37", "[AdaptiveAvgPool1d(5)]")),
        (new AdaptivePoolRule("Avg", 2), new("nn.AdaptiveAvgPool2d", "[N, C, H, W] -> [N, C, size, size] or [N, C, height, width]", "none", "B, 6, 9, 7", "[AdaptiveAvgPool2d(4, 2), Flatten]")),
        (new AdaptivePoolRule("Max", 1), new("nn.AdaptiveMaxPool1d", "[N, C, L] -> [N, C, size]", "none", "B, 8, 37", "[AdaptiveMaxPool1d(1), Flatten]")),
        (new AdaptivePoolRule("Max", 2), new("nn.AdaptiveMaxPool2d", "[N, C, H, W] -> [N, C, size, size] or [N, C, height, width]", "none", "B, 6, 9, 7", "[AdaptiveMaxPool2d(3)]")),

        // Resizing and padding
        (new UpsampleRule(), new("nn.Upsample (nearest, bilinear)", "[N, C, *spatial] -> each spatial dim floor(n * scaleFactor), or Size; bilinear on [N, C, H, W] only", "none", "B, 3, 8, 8", "[Upsample(2), Upsample(Size = new[] { 20, 24 }, Mode = \"bilinear\")]")),
        (new PixelShuffleRule(unshuffle: false), new("nn.PixelShuffle", "[*, C r², H, W] -> [*, C, H r, W r]", "none", "B, 16, 5, 5", "[PixelShuffle(2)]")),
        (new PixelShuffleRule(unshuffle: true), new("nn.PixelUnshuffle", "[*, C, H r, W r] -> [*, C r², H, W]", "none", "B, 3, 8, 8", "[PixelUnshuffle(2)]")),
        (new PadRule("ZeroPad2d"), new("nn.ZeroPad2d", "[N, C, H, W] -> [N, C, H + top + bottom, W + left + right]", "none", "B, 3, 28, 28", "[ZeroPad2d(1, 2, 0, 3)]")),
        (new PadRule("ReflectionPad2d"), new("nn.ReflectionPad2d", "as ZeroPad2d; each pad must be smaller than the dim it reflects", "none", "B, 3, 28, 28", "[ReflectionPad2d(2)]")),

        // Normalization
        (new BatchNormRule("BatchNorm1d", 2, 3), new("nn.BatchNorm1d", "[N, C] or [N, C, L], unchanged; C is inferred", Norm, "B, 16", "[BatchNorm1d(Eps = 1e-3, Momentum = 0.01)]")),
        (new BatchNormRule("BatchNorm2d", 4), new("nn.BatchNorm2d", "[N, C, H, W], unchanged; C is inferred", Norm, "B, 8, 4, 4", "[BatchNorm2d]")),
        (new BatchNormRule("BatchNorm3d", 5), new("nn.BatchNorm3d", "[N, C, D, H, W], unchanged; C is inferred", Norm, "B, 4, 3, 4, 4", "[BatchNorm3d]")),
        (new BatchNormRule("InstanceNorm1d", 2, 3), new("nn.InstanceNorm1d", "[N, C, L] or [C, L], unchanged; C is inferred", Norm, "B, 8, 20", "[InstanceNorm1d(Affine = true)]")),
        (new BatchNormRule("InstanceNorm2d", 3, 4), new("nn.InstanceNorm2d", "[N, C, H, W] or [C, H, W], unchanged; C is inferred", Norm, "B, 8, 6, 6", "[InstanceNorm2d]")),
        (new GroupNormRule(), new("nn.GroupNorm", "[N, C, *], unchanged; groups must divide C", "weight [C], bias [C] (with Affine)", "B, 8, 6, 6", "[GroupNorm(4)]")),
        (new LayerNormRule(), new("nn.LayerNorm (over the last dim)", "[*, D], unchanged; D is inferred", "weight [D], bias [D] (with ElementwiseAffine)", "B, T, 32", "[LayerNorm(Eps = 1e-6)]")),
        (new RMSNormRule(), new("nn.RMSNorm (over the last dim; ShapeSharp.Modules.RMSNorm)", "[*, D], unchanged; D is inferred", "weight [D]", "B, T, 32", "[RMSNorm]")),
        (new LocalResponseNormRule(), new("nn.LocalResponseNorm", "[N, C, *] (rank 3 or more), unchanged", "none", "B, 8, 6, 6", "[LocalResponseNorm(3)]")),

        // Recurrent and attention
        (new RecurrentRule("LSTM", 4), new("nn.LSTM (BatchFirst defaults to true)", "[B, T, F] -> [B, T, hidden * directions]; states [Layers * directions, B, hidden]", "weight_ih_l{k}[_reverse] [4 hidden, F], weight_hh_l{k} [4 hidden, hidden], bias_ih_l{k}, bias_hh_l{k} [4 hidden]", "B, T, 8", "[LSTM(16, Layers = 2)]")),
        (new RecurrentRule("GRU", 3), new("nn.GRU (BatchFirst defaults to true)", "as LSTM, one state", "weight_ih_l{k}[_reverse] [3 hidden, F], weight_hh_l{k} [3 hidden, hidden], bias_ih_l{k}, bias_hh_l{k} [3 hidden]", "B, T, 8", "[GRU(16, Bidirectional = true)]")),
        (new RecurrentRule("RNN", 1), new("nn.RNN (tanh; BatchFirst defaults to true)", "as LSTM, one state", "weight_ih_l{k}[_reverse] [hidden, F], weight_hh_l{k} [hidden, hidden], bias_ih_l{k}, bias_hh_l{k} [hidden]", "B, T, 8", "[RNN(16)]")),
        (new MultiheadAttentionRule(), new("nn.MultiheadAttention (batch-first)", "query [B, T, E], key and value [B, S, E] -> [B, T, E] (and weights [B, T, S]); heads must divide E", "in_proj_weight [3E, E], in_proj_bias [3E], out_proj.weight [E, E], out_proj.bias [E]", "B, T, 32",
            "public partial class Example\n{\n    [MultiheadAttention(4)] private partial Tensor Attend(Tensor query, Tensor key, Tensor value);\n\n    public override Tensor forward(Tensor x) => Attend(x, x, x);\n}")),
        (new CosineSimilarityRule(), new("nn.CosineSimilarity", "two tensors broadcast together, then Dim is removed: [B, D] and [B, D] -> [B]", "none", "B, 16",
            "[Input(\"B, 16\", Name = \"a\")]\n[Input(\"B, 16\", Name = \"b\")]\npublic partial class Example\n{\n    [CosineSimilarity] private partial Tensor Similarity(Tensor a, Tensor b);\n\n    public override Tensor forward(Tensor a, Tensor b) => Similarity(a, b);\n}")),
        (new SubModelRule(), new("a submodule; nn.ModuleList of copies with Repeat", "the embedded model's [Input] binds to the incoming shape; its output continues the stack", "the model's own names under the layer's (layers.0.layers.1.weight; with Repeat, layers.0.1.…)", "B, 16",
            "[Layer<LayerCell>(Repeat = 2), Linear(4)]\npublic partial class Example;\n\n[Input(\"B, 16\")]\n[Linear(16), GELU]\npublic partial class LayerCell;")),

        // Reshaping
        (new FlattenRule(), new("nn.Flatten", "dims StartDim..EndDim become their product", "none", "B, 2, 3, 4", "[Flatten(StartDim = 2)]")),
        (new UnflattenRule(), new("nn.Unflatten", "dim becomes sizes (their product must be its size; one -1 is inferred)", "none", "B, 12", "[Unflatten(1, 3, -1)]")),
        (new ReshapeRule(), new("Keras' Reshape (ShapeSharp.Modules.Reshape)", "everything after the batch dim takes the given shape; one -1 is inferred", "none", "B, 12", "[Reshape(3, 4)]")),
        (new PermuteRule(), new("Tensor.permute (ShapeSharp.Modules.Permute)", "a permutation of every dim, batch included", "none", "B, T, 8", "[Permute(0, 2, 1)]")),

        // Dropout
        (new DropoutRule("Dropout"), new("nn.Dropout", "unchanged", "none", "B, 10", "[Dropout(0.3)]")),
        (new DropoutRule("Dropout1d", 2, 3), new("nn.Dropout1d (whole channels)", "[N, C, L] or [C, L], unchanged", "none", "B, 4, 10", "[Dropout1d(0.2)]")),
        (new DropoutRule("Dropout2d", 3, 4), new("nn.Dropout2d (whole channels)", "[N, C, H, W] or [C, H, W], unchanged", "none", "B, 4, 6, 6", "[Dropout2d]")),
        (new DropoutRule("AlphaDropout"), new("nn.AlphaDropout (keeps SELU's mean and variance)", "unchanged", "none", "B, 10", "[SELU, AlphaDropout(0.1)]")),

        // Activations
        (new ActivationRule("ReLU"), new("nn.ReLU", "unchanged", "none", "B, 10", "[ReLU]")),
        (new ActivationRule("ReLU6"), new("nn.ReLU6", "unchanged", "none", "B, 10", "[ReLU6]")),
        (new LeakyReLURule(), new("nn.LeakyReLU", "unchanged", "none", "B, 10", "[LeakyReLU(NegativeSlope = 0.2)]")),
        (new PReLURule(), new("nn.PReLU", "unchanged; numParameters is 1 or the channel count (dim 1)", "weight [numParameters]", "B, 6, 5", "[PReLU(6, Init = 0.1)]")),
        (new ELURule(), new("nn.ELU", "unchanged", "none", "B, 10", "[ELU(Alpha = 0.5)]")),
        (new ActivationRule("SELU"), new("nn.SELU", "unchanged", "none", "B, 10", "[SELU]")),
        (new ActivationRule("GELU"), new("nn.GELU (exact)", "unchanged", "none", "B, 10", "[GELU]")),
        (new ActivationRule("SiLU"), new("nn.SiLU", "unchanged", "none", "B, 10", "[SiLU]")),
        (new ActivationRule("Mish"), new("nn.Mish", "unchanged", "none", "B, 10", "[Mish]")),
        (new ActivationRule("Hardswish"), new("nn.Hardswish", "unchanged", "none", "B, 10", "[Hardswish]")),
        (new ActivationRule("Hardsigmoid"), new("nn.Hardsigmoid", "unchanged", "none", "B, 10", "[Hardsigmoid]")),
        (new SoftplusRule(), new("nn.Softplus", "unchanged", "none", "B, 10", "[Softplus(Beta = 2, Threshold = 10)]")),
        (new ActivationRule("Tanh"), new("nn.Tanh", "unchanged", "none", "B, 10", "[Tanh]")),
        (new ActivationRule("Sigmoid"), new("nn.Sigmoid", "unchanged", "none", "B, 10", "[Sigmoid]")),
        (new SoftmaxRule("Softmax"), new("nn.Softmax (Dim defaults to the last)", "unchanged; Dim must be a dim of the input", "none", "B, 10", "[Softmax]")),
        (new SoftmaxRule("LogSoftmax"), new("nn.LogSoftmax (Dim defaults to the last)", "unchanged; Dim must be a dim of the input", "none", "B, 10", "[LogSoftmax(Dim = 1)]")),
    };

    private static readonly Dictionary<string, LayerRule> Rules = Entries.ToDictionary(e => e.Rule.Kind, e => e.Rule);

    public static LayerRule? Find(string kind) => Rules.TryGetValue(kind, out var rule) ? rule : null;

    public static IEnumerable<string> Kinds => Rules.Keys;

    /// <summary>Every kind with its reference entry, in the reference's order.</summary>
    public static IEnumerable<(string Kind, LayerDoc Doc)> Documented => Entries.Select(e => (e.Rule.Kind, e.Doc));
}
