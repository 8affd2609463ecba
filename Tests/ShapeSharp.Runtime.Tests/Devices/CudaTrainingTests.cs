using System;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using Dropout = TorchSharp.Modules.Dropout;
using Linear = TorchSharp.Modules.Linear;
using DataLoader = ShapeSharp.Data.DataLoader;
using TensorDataset = ShapeSharp.Data.TensorDataset;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>The device paths that need a GPU: skipped where CUDA is absent.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class CudaTrainingTests : IDisposable
{
    private static readonly Device Cuda = new(DeviceType.CUDA);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class Counting : ITrainingCallback
    {
        public TrainContext? Context { get; private set; }

        public int Batches { get; private set; }

        public void OnTrainBegin(TrainingRun run) => Context = run.Context;

        public void OnBatchEnd(BatchInfo batch) => Batches++;
    }

    [CudaFact]
    public void Fit_on_cuda_moves_the_model_once_reads_losses_seldom_and_matches_the_cpu_run()
    {
        using var data = TinyModel.Data(256, 1);
        using var onGpu = SeededTinyModel.Create(9);
        using var onCpu = SeededTinyModel.Create(9);
        var counting = new Counting();
        var options = new TrainOptions { Epochs = 3, Callbacks = new ITrainingCallback[] { counting }, Device = Cuda };
        var gpu = new Trainer(options).Fit(onGpu, new DataLoader(data, 8, shuffle: true, seed: 2), new DataLoader(data, 64));
        var cpu = new Trainer(new TrainOptions { Epochs = 3, Device = CPU }).Fit(onCpu, new DataLoader(data, 8, shuffle: true, seed: 2), new DataLoader(data, 64));

        Assert.All(onGpu.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
        Assert.True(counting.Context!.DeferReadback);
        Assert.Equal(96, counting.Batches);
        Assert.True(counting.Context.Readbacks < 96, $"{counting.Context.Readbacks} read-backs for 96 batches");
        Assert.All(gpu.Epochs.Zip(cpu.Epochs), pair =>
        {
            Assert.Equal(pair.Second.Values["loss"], pair.First.Values["loss"], 4);
            Assert.Equal(pair.Second.Values["val_loss"], pair.First.Values["val_loss"], 4);
        });
        Assert.All(DevicePlacementTests.Weights(onGpu).Zip(DevicePlacementTests.Weights(onCpu)), pair => Assert.Equal(pair.Second, pair.First, 3));

        var trainer = new Trainer(options);
        using var predicted = trainer.Predict(onGpu, new DataLoader(data, 64));
        Assert.Equal(DeviceType.CPU, predicted.device_type);
        using var kept = trainer.Predict(onGpu, data.Inputs, resultDevice: Cuda);
        Assert.Equal(DeviceType.CUDA, kept.device_type);
    }

    [CudaFact]
    public void A_nan_loss_on_cuda_is_reported_with_its_step()
    {
        using var clean = TinyModel.Data(64, 2);
        using var inputs = clean.Inputs.clone();
        inputs[20, 0] = tensor(float.NaN);  // batch 3 of 8
        using var poisoned = new TensorDataset(inputs, clean.Targets.clone());
        using var model = SeededTinyModel.Create(1);
        var error = Assert.Throws<NonFiniteLossException>(() =>
            new Trainer(new TrainOptions { Epochs = 1, Device = Cuda }).Fit(model, new DataLoader(poisoned, 8)));
        Assert.Equal(3, error.Step);
    }

    [CudaFact]
    public void Fit_given_an_optimizer_over_cpu_parameters_is_refused_for_cuda()
    {
        using var data = TinyModel.Data(16, 2);
        using var model = SeededTinyModel.Create(1);
        using var optimizer = model.Defaults.CreateOptimizer(model, null);
        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainOptions { Epochs = 1, Device = Cuda }).Fit(model, new DataLoader(data, 8), optimizer: optimizer));
        Assert.Contains("move the model first", error.Message);
        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
    }

    [CudaFact]
    public void A_run_with_cuda_dropout_resumed_from_its_checkpoint_ends_with_the_uninterrupted_weights()
    {
        using var data = TinyModel.Data(96, 3);
        double[] Train(int epochs, string? resumeFrom, string checkpoint)
        {
            using var model = new DropoutModel(seed: 4);
            new Trainer(new TrainOptions
            {
                Epochs = epochs,
                Seed = 17,
                Device = Cuda,
                ResumeFrom = resumeFrom,
                Callbacks = new ITrainingCallback[] { new CheckpointCallback(checkpoint) },
            }).Fit(model, new DataLoader(data, 16, shuffle: true, seed: 5));
            return DevicePlacementTests.Weights(model);
        }

        var straight = Train(3, null, _temp.File("straight.bin"));
        Train(1, null, _temp.File("first.bin"));
        // Another run in between moves both generators on, as a separate process would start them fresh.
        Train(1, null, _temp.File("other.bin"));
        var resumed = Train(3, _temp.File("first.bin"), _temp.File("resumed.bin"));
        Assert.Equal(straight, resumed);
    }

    /// <summary>TinyModel with dropout, so CUDA's generator decides the run.</summary>
    private sealed class DropoutModel : nn.Module<Tensor, Tensor>, ITrainable
    {
        private readonly Linear layers_0;
        private readonly Dropout layers_1;
        private readonly Linear layers_2;

        public DropoutModel(long seed) : base(nameof(DropoutModel))
        {
            layers_0 = nn.Linear(4, 32);
            layers_1 = nn.Dropout(0.5);
            layers_2 = nn.Linear(32, 3);
            RegisterComponents();
            using var generator = new Generator((ulong)seed);
            using var noGrad = no_grad();
            foreach (var p in parameters())
            {
                using var values = randn(p.shape, generator: generator);
                p.copy_(values.mul_(0.4));
            }
        }

        public TrainingDefaults Defaults { get; } = new() { Loss = new CrossEntropyLossAttribute(), Optimizer = new SGDAttribute(0.1) };

        public override Tensor forward(Tensor x) => layers_2.forward(layers_1.forward(layers_0.forward(x).relu()));

        public float TrainStep(TrainContext context, Tensor x, Tensor target)
        {
            using var scope = NewDisposeScope();
            return context.Step(context.Loss(forward(x), target));
        }
    }
}
