using System;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Definitions.Generative;
using ShapeSharp.Definitions.Transformers;
using ShapeSharp.Definitions.Vision;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// One model the cuda-check mode moves to the GPU: how to make it, a small CPU batch (input and the
/// target its loss trains towards), and that loss.
/// </summary>
internal sealed record CudaModel(
    string Name,
    Func<nn.Module<Tensor, Tensor>> Create,
    Func<(Tensor X, Tensor Y)> Batch,
    Func<Tensor, Tensor, Tensor> Loss)
{
    private const long B = 4, Vocab = 1000;

    /// <summary>The four benchmark models, then the Definitions models whose constructors need no arguments (or a vocabulary).</summary>
    public static CudaModel[] All()
    {
        var models = new System.Collections.Generic.List<CudaModel>();
        foreach (var name in ModelCase.Names)
        {
            var c = ModelCase.Get(name, (int)B);
            models.Add(new($"{name} (benchmark)", c.NewGenerated, () => c.NewBatch(new torch.Generator(2)), c.Loss));
        }

        models.Add(Classifier("LeNet5", () => new LeNet5(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("ResNet", () => new ResNet(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("MobileNetV2", () => new MobileNetV2(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("VitTiny", () => new VitTiny(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("TransformerClassifier", () => new TransformerClassifier(vocab: Vocab, classes: 5),
            () => randint(0, Vocab, new[] { B, 128 }), 5));
        models.Add(new("GptMini (tied head)", () => new GptMini(vocab: Vocab),
            () => (randint(0, Vocab, new[] { B, 16 }), randint(0, Vocab, new[] { B, 16 })), GptMini.LanguageModelLoss));
        models.Add(new("UNet", () => new UNet(), () => (rand(B, 1, 32, 32), rand(B, 1, 32, 32).round()),
            (output, target) => binary_cross_entropy_with_logits(output, target)));
        models.Add(new("ConvVae", () => new ConvVae(), () => { var x = rand(B, 1, 28, 28); return (x, x.clone()); },
            (output, target) => binary_cross_entropy(output, target)));
        return models.ToArray();
    }

    private static CudaModel Classifier(string name, Func<nn.Module<Tensor, Tensor>> create, Func<Tensor> input, long classes) =>
        new(name, create, () => (input(), randint(0, classes, new[] { B })), (output, target) => cross_entropy(output, target));
}
