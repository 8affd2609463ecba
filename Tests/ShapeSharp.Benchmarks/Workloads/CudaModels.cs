using System;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Definitions.Generative;
using ShapeSharp.Definitions.PointClouds;
using ShapeSharp.Definitions.Sequence;
using ShapeSharp.Definitions.Text;
using ShapeSharp.Definitions.Transformers;
using ShapeSharp.Definitions.Vision;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// One model the cuda-check mode moves to the GPU: how to make it, a small CPU batch (the forward's
/// inputs, in order, and the target its loss trains towards), and that loss.
/// </summary>
internal sealed record CudaModel(
    string Name,
    Func<nn.Module> Create,
    Func<(Tensor[] X, Tensor Y)> Batch,
    Func<Tensor, Tensor, Tensor> Loss)
{
    private const long B = 4, Vocab = 1000;

    /// <summary>The forward on <paramref name="inputs"/>: one input, or two (Seq2SeqAttention's source and target).</summary>
    public static Tensor Forward(nn.Module module, Tensor[] inputs) => (module, inputs.Length) switch
    {
        (nn.Module<Tensor, Tensor> one, 1) => one.call(inputs[0]),
        (nn.Module<Tensor, Tensor, Tensor> two, 2) => two.call(inputs[0], inputs[1]),
        _ => throw new InvalidOperationException($"{module.GetName()} takes neither 1 nor 2 tensors as given ({inputs.Length})."),
    };

    /// <summary>
    /// One training step: the generated TrainStep where the model has one (one input), else the plain
    /// TorchSharp loop (a two-input model gets no generated TrainStep).
    /// </summary>
    public float Step(nn.Module module, TrainContext context, Tensor[] inputs, Tensor target)
    {
        if (module is ITrainable trainable && inputs.Length == 1)
        {
            return trainable.TrainStep(context, inputs[0], target);
        }

        using var scope = NewDisposeScope();
        context.Optimizer.zero_grad();
        var loss = Loss(Forward(module, inputs), target);
        loss.backward();
        context.Optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The four benchmark models, then the Definitions models (at small vocabularies and class counts where they take them).</summary>
    public static CudaModel[] All()
    {
        var models = new System.Collections.Generic.List<CudaModel>();
        foreach (var name in ModelCase.Names)
        {
            var c = ModelCase.Get(name, (int)B);
            models.Add(new($"{name} (benchmark)", c.NewGenerated, () => One(c.NewBatch(new torch.Generator(2))), c.Loss));
        }

        models.Add(Classifier("LeNet5", () => new LeNet5(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("ResNet", () => new ResNet(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("MobileNetV2", () => new MobileNetV2(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("VitTiny", () => new VitTiny(), () => rand(B, 3, 32, 32), 10));
        models.Add(Classifier("TransformerClassifier", () => new TransformerClassifier(vocab: Vocab, classes: 5),
            () => randint(0, Vocab, new[] { B, 128 }), 5));
        models.Add(new("GptMini (tied head)", () => new GptMini(vocab: Vocab),
            () => One((randint(0, Vocab, new[] { B, 16 }), randint(0, Vocab, new[] { B, 16 }))), GptMini.LanguageModelLoss));
        models.Add(new("UNet", () => new UNet(), () => One((rand(B, 1, 32, 32), rand(B, 1, 32, 32).round())),
            (output, target) => binary_cross_entropy_with_logits(output, target)));
        models.Add(new("ConvVae", () => new ConvVae(), () => { var x = rand(B, 1, 28, 28); return One((x, x.clone())); },
            (output, target) => binary_cross_entropy(output, target)));

        // Recurrent models: cuDNN's LSTM and GRU kernels on CUDA, TorchSharp's own flat weights under the fused buffer.
        models.Add(Classifier("BiLstmClassifier", () => new BiLstmClassifier(vocab: Vocab, classes: 5),
            () => randint(1, Vocab, new[] { B, 24 }), 5));
        models.Add(new("LstmRegressor", () => new LstmRegressor(), () => One((randn(B, 30, 5), randn(B, 1))),
            (output, target) => mse_loss(output, target)));
        models.Add(new("Seq2SeqAttention (two inputs)", () => new Seq2SeqAttention(sourceVocab: Vocab, targetVocab: Vocab),
            () => (new[] { randint(0, Vocab, new[] { B, 10 }), randint(0, Vocab, new[] { B, 8 }) }, randint(0, Vocab, new[] { B, 8 })),
            GptMini.LanguageModelLoss));

        // The DCGAN pair: the generator regresses a batch of images in [-1, 1], the discriminator tells real (1) from fake (0).
        models.Add(new("DcganGenerator", () => new DcganGenerator(), () => One((randn(B, 100, 1, 1), rand(B, 1, 28, 28) * 2 - 1)),
            (output, target) => mse_loss(output, target)));
        models.Add(new("DcganDiscriminator", () => new DcganDiscriminator(), () => One((rand(B, 1, 28, 28) * 2 - 1, randint(0, 2, new[] { B, 1L }).to(ScalarType.Float32))),
            (output, target) => binary_cross_entropy_with_logits(output, target)));

        // WaveNet predicts each next sample of a signal: the target is the input shifted left by one.
        models.Add(new("WaveNet", () => new WaveNet(), () =>
            {
                var signal = randn(B, 1, 33).cumsum(2) / 8;
                return One((signal[.., .., ..^1], signal[.., .., 1..].contiguous()));
            },
            (output, target) => mse_loss(output, target)));
        models.Add(Classifier("PointNet", () => new PointNet(classes: 10), () => randn(B, 3, 64), 10));
        models.Add(new("LlamaMini", () => new LlamaMini(vocab: Vocab),
            () => One((randint(0, Vocab, new[] { B, 16 }), randint(0, Vocab, new[] { B, 16 }))), GptMini.LanguageModelLoss));
        return models.ToArray();
    }

    private static (Tensor[] X, Tensor Y) One((Tensor X, Tensor Y) batch) => (new[] { batch.X }, batch.Y);

    private static CudaModel Classifier(string name, Func<nn.Module> create, Func<Tensor> input, long classes) =>
        new(name, create, () => (new[] { input() }, randint(0, classes, new[] { B })), (output, target) => cross_entropy(output, target));
}
