using System;
using System.IO;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Definitions.Tests.Composite;
using ShapeSharp.Metrics;
using ShapeSharp.Training;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Precision;

/// <summary>
/// TrainOptions.Precision on the main job's FashionCnn ([MixedPrecision], off by default): bf16
/// trains as well as fp32 on a learnable task and is recorded in the checkpoint, fp16 scales the
/// loss and skips a step whose gradients overflow, and a model without the casts is refused.
/// </summary>
[Collection(nameof(TrainingCollection))]
public class MixedPrecisionTrainingTests
{
    /// <summary>Ten noisy class prototypes: learnable in a couple of epochs, so a broken precision path shows as lost accuracy.</summary>
    private static TensorDataset Prototypes(int count, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var prototypes = randn(new long[] { 10, 1, 28, 28 }, generator: new Generator(7UL));
        var labels = randint(0, 10, new long[] { count }, generator: generator);
        var images = prototypes.index_select(0, labels) + 0.8 * randn(new long[] { count, 1, 28, 28 }, generator: generator);
        return new TensorDataset(images, labels);
    }

    private static double Accuracy(DType precision, string? checkpointPath = null)
    {
        manual_seed(1);
        using var model = new FashionCnn();
        using var train = Prototypes(512, 1);
        using var test = Prototypes(256, 2);
        var trainer = new Trainer(new TrainOptions
        {
            Epochs = 2,
            Seed = 1,
            Device = CPU,
            Precision = precision,
            DisableEarlyStopping = true,
            Schedule = new ConstantScheduleAttribute(),
            Callbacks = checkpointPath is null ? Array.Empty<ITrainingCallback>() : new ITrainingCallback[] { new CheckpointCallback(checkpointPath) },
        });
        trainer.Fit(model, new DataLoader(train, 32, shuffle: true, seed: 1));
        Assert.Equal(precision == DType.BFloat16 ? ScalarType.BFloat16 : null, model.ComputeType);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        return trainer.Evaluate(model, new DataLoader(test, 128), new IMetric[] { new Accuracy() }).Metrics["accuracy"];
    }

    [Fact]
    public void Bfloat16_trains_as_well_as_float32_and_a_resume_in_another_precision_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("shapesharp-precision-");
        try
        {
            var checkpoint = Path.Combine(folder.FullName, "checkpoint.bin");
            var full = Accuracy(DType.Float32);
            var mixed = Accuracy(DType.BFloat16, checkpoint);
            Assert.True(full > 0.9, $"float32 reached {full:P1}");
            Assert.True(mixed > full - 0.03, $"bfloat16 reached {mixed:P1}, float32 {full:P1}");

            manual_seed(1);
            using var model = new FashionCnn();
            using var train = Prototypes(512, 1);
            var resume = new Trainer(new TrainOptions { Epochs = 3, Seed = 1, Device = CPU, Precision = DType.Float32, DisableEarlyStopping = true, Schedule = new ConstantScheduleAttribute(), ResumeFrom = checkpoint });
            var refused = Assert.Throws<ResumeMismatchException>(() => resume.Fit(model, new DataLoader(train, 32, shuffle: true, seed: 1)));
            Assert.Contains("precision: bfloat16 in the checkpoint, float32 now", refused.Differences);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Float16_skips_a_step_whose_gradients_overflow_backs_off_and_then_steps()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new FashionCnn { ComputeType = ScalarType.Float16 };
        using var data = Prototypes(16, 3);
        using var optimizer = model.CreateOptimizer();
        var context = new TrainContext(model, optimizer, model.ComputeLoss);
        Assert.NotNull(context.Scaler);
        context.Scaler!.Restore(scale: 1e30, growthTracker: 0);
        var before = model.parameters().Select(p => p.detach().clone()).ToList();

        var loss = model.TrainStep(context, data.Inputs, data.Targets);

        Assert.True(float.IsFinite(loss));
        Assert.Equal(1, context.Scaler.SkippedSteps);
        Assert.Equal(5e29, context.Scaler.Scale, 1e20);
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));

        context.Scaler.Restore(scale: 1024, growthTracker: 0);
        model.TrainStep(context, data.Inputs, data.Targets);
        Assert.Equal(1, context.Scaler.SkippedSteps);
        Assert.Contains(model.parameters().Zip(before), pair => !pair.First.equal(pair.Second).all().item<bool>());
    }

    [Fact]
    public void Float16_resumes_with_the_loss_scale_its_checkpoint_kept()
    {
        var folder = Directory.CreateTempSubdirectory("shapesharp-fp16-resume-");
        try
        {
            var checkpoint = Path.Combine(folder.FullName, "checkpoint.bin");
            var (straightScale, straightWeights) = Float16Run(epochs: 2, startScale: true);
            Float16Run(epochs: 1, startScale: true, checkpoint: checkpoint);

            var saved = Checkpoint.Load(checkpoint, new FashionCnn());
            Assert.Equal(new LossScaleState(4096, 16), saved.LossScale);  // 512 samples / 32: 16 clean steps at 4096

            var (resumedScale, resumedWeights) = Float16Run(epochs: 2, startScale: false, resumeFrom: checkpoint);
            Assert.Equal(straightScale, resumedScale);
            Assert.Equal(new LossScaleState(4096, 32), resumedScale);
            Assert.Equal(straightWeights, resumedWeights);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>FashionCnn in float16 on the prototypes; its scaler's last state and its weights.</summary>
    private static (LossScaleState Scale, float[] Weights) Float16Run(int epochs, bool startScale, string? checkpoint = null, string? resumeFrom = null)
    {
        manual_seed(1);
        using var model = new FashionCnn();
        using var train = Prototypes(512, 1);
        var last = new LastLossScale(startScale);
        var callbacks = checkpoint is null ? new ITrainingCallback[] { last } : new ITrainingCallback[] { last, new CheckpointCallback(checkpoint) };
        new Trainer(new TrainOptions
        {
            Epochs = epochs, Seed = 1, Device = CPU, Precision = DType.Float16, DisableEarlyStopping = true,
            Schedule = new ConstantScheduleAttribute(), Callbacks = callbacks, ResumeFrom = resumeFrom,
        }).Fit(model, new DataLoader(train, 32, shuffle: true, seed: 1));
        return (last.State!, model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());
    }

    /// <summary>Starts the scale at 4096 (not the default 65536, so a resume that forgot it shows) and keeps its state at the end.</summary>
    private sealed class LastLossScale(bool startScale) : ITrainingCallback
    {
        public LossScaleState? State { get; private set; }

        public void OnTrainBegin(TrainingRun run)
        {
            if (startScale)
            {
                run.Context!.Scaler!.Restore(scale: 4096, growthTracker: 0);
            }
        }

        public void OnTrainEnd(TrainingRun run, History history) => State = run.Context!.Scaler!.State;
    }

    [Fact]
    public void A_low_precision_is_refused_for_a_model_without_the_casts()
    {
        using var model = new LeNet5();
        using var data = new TensorDataset(randn(8, 3, 32, 32), randint(0, 10, new long[] { 8 }));
        var trainer = new Trainer(new TrainOptions { Epochs = 1, Device = CPU, Precision = DType.BFloat16 });
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(model, new DataLoader(data, 4)));
        Assert.Contains("add [MixedPrecision] to LeNet5", error.Message);

        var full = new Trainer(new TrainOptions { Epochs = 1, Device = CPU, Precision = DType.Float32 });
        Assert.Single(full.Fit(model, new DataLoader(data, 4)).Epochs);
    }
}
