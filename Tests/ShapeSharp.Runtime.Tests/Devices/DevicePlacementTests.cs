using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Data;
using ShapeSharp.Metrics;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>TrainOptions.Device on the CPU, and batches following a model moved to another dtype.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class DevicePlacementTests
{
    internal static double[] Weights(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();

    private static History Train(TinyModel model, TensorDataset data, Device? device, int epochs = 3) =>
        new Trainer(new TrainOptions { Epochs = epochs, Device = device, DisableEarlyStopping = true })
            .Fit(model, new DataLoader(data, 16, shuffle: true, seed: 2), new DataLoader(data, 32));

    [Fact]
    public void Fit_with_device_cpu_is_the_run_without_a_device_here()
    {
        using var data = TinyModel.Data(64, 1);
        using var explicitCpu = SeededTinyModel.Create(9);
        using var unset = SeededTinyModel.Create(9);

        var a = Train(explicitCpu, data, CPU);
        var b = Train(unset, data, torch.cuda.is_available() ? CPU : null);

        Assert.All(explicitCpu.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
        Assert.Equal(b.Epochs.Select(e => e.Values["loss"]), a.Epochs.Select(e => e.Values["loss"]));
        Assert.Equal(b.Epochs.Select(e => e.Values["val_loss"]), a.Epochs.Select(e => e.Values["val_loss"]));
        Assert.Equal(Weights(unset), Weights(explicitCpu));
        Assert.True(a.Epochs[^1].Values["loss"] < a.Epochs[0].Values["loss"], "the run trained");
    }

    [Fact]
    public void A_float64_model_trains_on_float32_batches_converted_to_its_dtype()
    {
        using var data = TinyModel.Data(64, 1);
        using var wide = SeededTinyModel.Create(9);
        wide.to(ScalarType.Float64);
        using var narrow = SeededTinyModel.Create(9);

        var history = Train(wide, data, CPU, epochs: 4);
        var reference = Train(narrow, data, CPU, epochs: 4);

        Assert.All(wide.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Float32, data.Inputs.dtype);  // the loader's tensors are left as they were
        var losses = history.Epochs.Select(e => e.Values["loss"]).ToArray();
        Assert.True(losses[^1] < losses[0], $"the float64 model trained: {string.Join(", ", losses)}");
        // The same run in another precision: close to the float32 one, not equal to it.
        var expected = reference.Epochs.Select(e => e.Values["loss"]).ToArray();
        Assert.All(losses.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 4));
    }

    [Fact]
    public void Evaluate_and_predict_a_float64_model_on_float32_data()
    {
        using var data = TinyModel.Data(40, 3);
        using var model = SeededTinyModel.Create(2);
        model.to(ScalarType.Float64);
        var trainer = new Trainer(new TrainOptions { Device = CPU, Metrics = new Func<IMetric>[] { () => new Accuracy() } });

        var evaluation = trainer.Evaluate(model, new DataLoader(data, 16));
        Assert.True(double.IsFinite(evaluation.Loss));
        Assert.Equal(40, evaluation.Samples);

        using var predicted = trainer.Predict(model, new DataLoader(data, 16));
        Assert.Equal(ScalarType.Float64, predicted.dtype);
        Assert.Equal(DeviceType.CPU, predicted.device_type);
        Assert.Equal(new long[] { 40, 3 }, predicted.shape);
        using var direct = no_grad();
        using var input = data.Inputs.to_type(ScalarType.Float64);
        using var expected = model.call(input);
        Assert.True(predicted.allclose(expected), "Predict's float64 outputs are the model's own on converted inputs");
    }

    [Fact]
    public void Integer_targets_are_not_converted()
    {
        using var data = TinyModel.Data(16, 3);
        using var model = SeededTinyModel.Create(2);
        model.to(ScalarType.Float64);
        // CrossEntropy reads a float [N] target as class probabilities, which [N, 3] logits refuse: a converted target fails here.
        var history = new Trainer(new TrainOptions { Epochs = 1, Device = CPU }).Fit(model, new DataLoader(data, 8));
        Assert.Single(history.Epochs);
        Assert.Equal(ScalarType.Int64, data.Targets.dtype);
    }

    [Fact]
    public void Fit_given_an_optimizer_keeps_the_model_where_it_is_on_the_device()
    {
        using var data = TinyModel.Data(32, 1);
        using var model = SeededTinyModel.Create(3);
        using var optimizer = model.Defaults.CreateOptimizer(model, null);
        var before = Weights(model);
        var history = new Trainer(new TrainOptions { Epochs = 2, Device = CPU }).Fit(model, new DataLoader(data, 8), optimizer: optimizer);
        Assert.Equal(2, history.Epochs.Count);
        Assert.NotEqual(before, Weights(model));  // the optimizer's parameters are the model's: it trained
    }

    [Fact]
    public void Predict_on_a_tensor_returns_on_the_cpu_in_slices()
    {
        using var data = TinyModel.Data(10, 3);
        using var model = SeededTinyModel.Create(2);
        var trainer = new Trainer(new TrainOptions { Device = CPU });
        using var sliced = trainer.Predict(model, data.Inputs, batchSize: 3, resultDevice: CPU);
        using var whole = trainer.Predict(model, data.Inputs, batchSize: 10);
        Assert.Equal(DeviceType.CPU, sliced.device_type);
        Assert.True(sliced.allclose(whole));
    }
}
