using System;
using System.Linq;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

public class TrainContextTests
{
    [Fact]
    public void Nan_loss_throws_with_the_step_before_changing_weights()
    {
        manual_seed(3);
        using var model = new TinyModel();
        using var optimizer = model.Defaults.CreateOptimizer(model, null);
        var context = new TrainContext(model, optimizer, model.Defaults.ResolveLoss(null)) { Epoch = 2 };
        using var data = TinyModel.Data(8, 1);
        model.TrainStep(context, data.Inputs, data.Targets);
        model.TrainStep(context, data.Inputs, data.Targets);
        var before = TinyModel.Weights(model);

        using var poisoned = data.Inputs.clone();
        poisoned[0, 0] = tensor(float.NaN);
        var error = Assert.Throws<NonFiniteLossException>(() => model.TrainStep(context, poisoned, data.Targets));
        Assert.Equal(3, error.Step);
        Assert.Contains("TinyModel", error.Message);
        Assert.Contains("step 3", error.Message);
        Assert.Contains("epoch 2", error.Message);
        Assert.Equal(before, TinyModel.Weights(model));
        Assert.Equal(2, context.OptimizerSteps);
    }

    [Fact]
    public void Two_accumulated_half_batches_equal_one_full_batch_step()
    {
        using var data = TinyModel.Data(16, 2);
        using var full = new TinyModel(seed: 5);
        using var halves = new TinyModel(seed: 5);
        Assert.Equal(TinyModel.Weights(full), TinyModel.Weights(halves));

        using var optimizerFull = full.Defaults.CreateOptimizer(full, null);
        var one = new TrainContext(full, optimizerFull, full.Defaults.ResolveLoss(null));
        full.TrainStep(one, data.Inputs, data.Targets);

        using var optimizerHalves = halves.Defaults.CreateOptimizer(halves, null);
        var two = new TrainContext(halves, optimizerHalves, halves.Defaults.ResolveLoss(null), accumulationSteps: 2);
        halves.TrainStep(two, data.Inputs.narrow(0, 0, 8), data.Targets.narrow(0, 0, 8));
        Assert.Equal(0, two.OptimizerSteps);
        halves.TrainStep(two, data.Inputs.narrow(0, 8, 8), data.Targets.narrow(0, 8, 8));
        Assert.Equal(1, two.OptimizerSteps);

        var a = TinyModel.Weights(full);
        var b = TinyModel.Weights(halves);
        Assert.All(a.Zip(b), pair => Assert.Equal(pair.First, pair.Second, 5));
        Assert.NotEqual(TinyModel.Weights(new TinyModel()), a);
    }

    [Fact]
    public void Clipping_caps_the_gradient_norm_of_the_update()
    {
        manual_seed(7);
        using var model = new TinyModel(new TrainingDefaults { Loss = new CrossEntropyLossAttribute(), Optimizer = new SGDAttribute(1.0) });
        using var data = TinyModel.Data(32, 3);
        using var scaled = data.Inputs * 100;  // large inputs, large gradients
        var before = TinyModel.Weights(model);
        using var optimizer = model.Defaults.CreateOptimizer(model, null);
        var context = new TrainContext(model, optimizer, model.Defaults.ResolveLoss(null), maxGradNorm: 0.5);
        model.TrainStep(context, scaled, data.Targets);

        Assert.True(context.LastGradNorm > 0.5, $"the test needs a gradient larger than the cap, got {context.LastGradNorm}");
        // With SGD at lr 1 the update is the clipped gradient: its norm is the cap.
        var update = Math.Sqrt(before.Zip(TinyModel.Weights(model), (x, y) => (double)(x - y) * (x - y)).Sum());
        Assert.Equal(0.5, update, 3);
    }

    [Fact]
    public void Options_override_the_declared_defaults()
    {
        using var model = new TinyModel(new TrainingDefaults
        {
            Loss = new CrossEntropyLossAttribute(),
            Optimizer = new AdamWAttribute(1e-3),
            GradientClipping = new GradientClippingAttribute(1.0),
            GradientAccumulation = new GradientAccumulationAttribute(4),
        });
        var options = new TrainOptions { Optimizer = new SGDAttribute(0.5), MaxGradNorm = 0, AccumulationSteps = 1, LearningRate = 0.25 };
        using var optimizer = model.Defaults.CreateOptimizer(model, options);
        Assert.Equal(0.25, optimizer.ParamGroups.Single().LearningRate);
        Assert.Contains("SGD", optimizer.GetType().Name);
        Assert.Null(model.Defaults.ResolveMaxGradNorm(options));
        Assert.Equal(1.0, model.Defaults.ResolveMaxGradNorm(null));
        Assert.Equal(1, model.Defaults.ResolveAccumulationSteps(options));
        Assert.Equal(4, model.Defaults.ResolveAccumulationSteps(null));
    }

    [Fact]
    public void Missing_loss_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TrainingDefaults().ResolveLoss(null));
        Assert.Contains("TrainOptions.Loss", error.Message);
    }
}
