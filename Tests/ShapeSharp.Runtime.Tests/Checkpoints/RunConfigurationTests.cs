using System.Linq;
using ShapeSharp.Optimizers;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>What a run configuration records, so that a resume can tell one run from another.</summary>
public sealed class RunConfigurationTests
{
    private readonly ITestOutputHelper _output;

    public RunConfigurationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_optimizer_description_holds_its_type_and_hyper_parameters_but_not_the_scheduled_rate()
    {
        using var model = new TinyModel();
        using var sgd = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4);
        var described = RunConfiguration.DescribeOptimizer(sgd);
        _output.WriteLine(described);
        Assert.StartsWith("SGD(", described);
        Assert.Contains("momentum=0.9", described);
        Assert.Contains("weight_decay=0.0001", described);
        Assert.DoesNotMatch(@"\bLearningRate=", described);
        Assert.Contains("InitialLearningRate=0.1", described);

        sgd.ParamGroups.First().LearningRate = 0.05;  // what a schedule does
        Assert.Equal(described, RunConfiguration.DescribeOptimizer(sgd));

        using var fused = new FusedAdamW(model.parameters(), 1e-3, beta1: 0.8);
        var fusedDescribed = RunConfiguration.DescribeOptimizer(fused);
        _output.WriteLine(fusedDescribed);
        Assert.StartsWith("FusedAdamW(", fusedDescribed);
        Assert.Contains("Beta1=0.8", fusedDescribed);
        Assert.DoesNotContain("Step", fusedDescribed);
    }

    [Fact]
    public void A_schedule_shows_the_run_length_only_when_its_rates_depend_on_it()
    {
        Assert.Equal("ConstantSchedule()", RunConfiguration.DescribeSchedule(new ConstantScheduleAttribute(), 100));
        Assert.Equal("StepSchedule(Gamma=0.5, StepSize=10)", RunConfiguration.DescribeSchedule(new StepScheduleAttribute(10) { Gamma = 0.5 }, 100));
        var cosine = RunConfiguration.DescribeSchedule(new WarmupCosineDecayAttribute { WarmupSteps = 5 }, 100);
        Assert.Contains("WarmupSteps=5", cosine);
        Assert.EndsWith("over 100 steps", cosine);
    }
}
