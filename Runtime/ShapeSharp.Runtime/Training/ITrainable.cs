using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>What the generator implements on every model: its declared training defaults and a typed step.</summary>
public interface ITrainable
{
    TrainingDefaults Defaults { get; }

    /// <summary>Forward, loss, backward and (every accumulation period) the optimizer and schedule step.</summary>
    /// <returns>The batch's loss.</returns>
    float TrainStep(TrainContext context, torch.Tensor x, torch.Tensor target);
}
