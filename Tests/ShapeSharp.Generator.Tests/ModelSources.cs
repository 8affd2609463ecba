using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Tests;

/// <summary>
/// One small model per layer kind and option group: the generator's feature list. Used for the
/// snapshots and, all together in one compilation, for the compile-and-run tests.
/// </summary>
public static class ModelSources
{
    /// <summary>Case name to (input attribute, layer and training attributes, an input shape to run with).</summary>
    public static IReadOnlyDictionary<string, (string Input, string Layers, long[] RunShape)> Cases { get; } =
        new Dictionary<string, (string, string, long[])>
        {
            ["Linear"] = ("[Input(\"B, 20\")]", "[Linear(10)]", new long[] { 3, 20 }),
            ["LinearWithoutBias"] = ("[Input(\"B, 20\")]", "[Linear(10, Bias = false)]", new long[] { 3, 20 }),
            ["LinearExplicitIn"] = ("[Input(\"B, 20\")]", "[Linear(10, In = 20)]", new long[] { 3, 20 }),
            ["LinearOnRank3"] = ("[Input(\"B, T, 16\")]", "[Linear(32), ReLU, Linear(4)]", new long[] { 2, 5, 16 }),
            ["SymbolicSizes"] = ("[Input(\"B, 16\")]", "[Linear(\"hidden\"), ReLU, Linear(\"classes\")]", new long[] { 2, 16 }),
            ["Named"] = ("[Input(\"B, 20\")]", "[Linear(10, Name = \"head\")]", new long[] { 3, 20 }),
            ["Conv1d"] = ("[Input(\"B, 4, 50\")]", "[Conv1d(8, Kernel = 3, Stride = 2, Padding = 1, Dilation = 2)]", new long[] { 2, 4, 50 }),
            ["Conv2dGroups"] = ("[Input(\"B, 8, 16, 16\")]", "[Conv2d(16, Kernel = 3, Padding = 1, Groups = 4, Bias = false)]", new long[] { 2, 8, 16, 16 }),
            ["Conv2dSymbolicSpatial"] = ("[Input(\"B, 3, H, W\")]", "[Conv2d(8, Kernel = 3), ReLU, MaxPool2d(2)]", new long[] { 2, 3, 20, 15 }),
            ["ConvTranspose2d"] = ("[Input(\"B, 16, 7, 7\")]", "[ConvTranspose2d(8, Kernel = 4, Stride = 2, Padding = 1)]", new long[] { 2, 16, 7, 7 }),
            ["ConvTranspose2dOutputPadding"] = ("[Input(\"B, 16, 7, 7\")]", "[ConvTranspose2d(8, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1)]", new long[] { 2, 16, 7, 7 }),
            ["MaxPool1dCeil"] = ("[Input(\"B, 4, 33\")]", "[MaxPool1d(2, CeilMode = true)]", new long[] { 2, 4, 33 }),
            ["MaxPool2dOptions"] = ("[Input(\"B, 3, 15, 15\")]", "[MaxPool2d(3, Stride = 2, Padding = 1, CeilMode = true)]", new long[] { 2, 3, 15, 15 }),
            ["AvgPool2d"] = ("[Input(\"B, 3, 9, 9\")]", "[AvgPool2d(2, Padding = 1, CountIncludePad = false)]", new long[] { 2, 3, 9, 9 }),
            ["AdaptiveAvgPool2d"] = ("[Input(\"B, 6, 9, 7\")]", "[AdaptiveAvgPool2d(4, 2), Flatten]", new long[] { 2, 6, 9, 7 }),
            ["BatchNorm1d"] = ("[Input(\"B, 16\")]", "[BatchNorm1d(Eps = 1e-3, Momentum = 0.01)]", new long[] { 4, 16 }),
            ["BatchNorm2dNoAffine"] = ("[Input(\"B, 8, 4, 4\")]", "[BatchNorm2d(Affine = false, TrackRunningStats = false)]", new long[] { 4, 8, 4, 4 }),
            ["LayerNorm"] = ("[Input(\"B, T, 32\")]", "[LayerNorm(Eps = 1e-6, ElementwiseAffine = false)]", new long[] { 2, 7, 32 }),
            ["Dropout"] = ("[Input(\"B, 10\")]", "[Dropout(0.3), Dropout]", new long[] { 2, 10 }),
            ["FlattenFromDim2"] = ("[Input(\"B, 2, 3, 4\")]", "[Flatten(StartDim = 2)]", new long[] { 2, 2, 3, 4 }),
            ["Embedding"] = ("[Input(\"B, T\", Dtype = DType.Int64)]", "[Embedding(\"vocab\", 32, PaddingIdx = 0), Flatten(StartDim = 1)]", new long[] { 2, 5 }),
            ["Reshape"] = ("[Input(\"B, 12\")]", "[Reshape(3, 4), Reshape(-1, 2)]", new long[] { 2, 12 }),
            ["Permute"] = ("[Input(\"B, T, 8\")]", "[Permute(0, 2, 1), Conv1d(4, Kernel = 1)]", new long[] { 2, 5, 8 }),
            ["Activations"] = ("[Input(\"B, 10\")]", "[ReLU, LeakyReLU(NegativeSlope = 0.2), GELU, SiLU, Tanh, Sigmoid, Softmax(Dim = 1), LogSoftmax]", new long[] { 2, 10 }),
            ["UnknownDim"] = ("[Input(\"?, 10\")]", "[Linear(5)]", new long[] { 2, 10 }),
            ["TrainingAttributes"] = ("[Input(\"B, 1, 28, 28\")]",
                "[Flatten, Linear(64), ReLU, Linear(10)]\n" +
                "[CrossEntropyLoss(LabelSmoothing = 0.1), AdamW(LearningRate = 3e-4, WeightDecay = 0.05, Beta2 = 0.98)]\n" +
                "[WarmupCosineDecay(WarmupSteps = 10), EarlyStopping(Patience = 5, Monitor = \"val_accuracy\")]\n" +
                "[GradientClipping(1.0), GradientAccumulation(2)]",
                new long[] { 2, 1, 28, 28 }),
        };

    /// <summary>Arguments for the symbolic-size constructors of the run tests.</summary>
    public static object[] ConstructorArguments(string name) => name switch
    {
        "SymbolicSizes" => new object[] { 24L, 3L },
        "Embedding" => new object[] { 100L },
        _ => System.Array.Empty<object>(),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    public static string Source(string name)
    {
        var (input, layers, _) = Cases[name];
        return $$"""
            using ShapeSharp;

            namespace Demo;

            {{input}}
            {{layers}}
            public partial class {{name}}Model;
            """;
    }
}
