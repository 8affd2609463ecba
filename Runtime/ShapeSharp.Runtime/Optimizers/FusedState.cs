using System;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// A group's options: TorchSharp's learning rates plus the weight decay, and the optimizer-wide
/// settings (betas, eps, momentum, ...), which are saved so that loading state made with other
/// settings fails instead of silently mixing them.
/// </summary>
internal sealed class FusedOptions : OptimizerOptions
{
    private readonly double[] _settings;

    public FusedOptions(double learningRate, double weightDecay, double[] settings)
    {
        LearningRate = learningRate;
        InitialLearningRate = learningRate;
        WeightDecay = weightDecay;
        _settings = settings;
    }

    public double WeightDecay { get; private set; }

    public override void SaveStateDict(BinaryWriter writer)
    {
        base.SaveStateDict(writer);
        writer.Write(WeightDecay);
        writer.Write(_settings.Length);
        foreach (var value in _settings)
        {
            writer.Write(value);
        }
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        base.LoadStateDict(reader);
        WeightDecay = reader.ReadDouble();
        var saved = new double[reader.ReadInt32()];
        for (var i = 0; i < saved.Length; i++)
        {
            saved[i] = reader.ReadDouble();
        }

        CheckSettings(saved);
    }

    public override void LoadStateDict(OptimizerOptions source)
    {
        var options = (FusedOptions)source;
        CheckSettings(options._settings);
        base.LoadStateDict(source);
        WeightDecay = options.WeightDecay;
    }

    private void CheckSettings(double[] saved)
    {
        if (!saved.SequenceEqual(_settings))
        {
            throw new InvalidDataException(
                $"the saved optimizer settings ({string.Join(", ", saved)}) differ from this optimizer's ({string.Join(", ", _settings)})");
        }
    }
}

/// <summary>One flat buffer's state: the step count and buffer-sized tensors (exp_avg, exp_avg_sq, momentum, ...).</summary>
internal sealed class FusedState : OptimizerState, IDisposable
{
    /// <param name="first">The buffer's first parameter (TorchSharp's state records one parameter).</param>
    public FusedState(Parameter first, torch.Tensor[] tensors)
        : base(first) => Tensors = tensors;

    public long Step { get; set; }

    /// <summary>Replaced in place by the optimizer when an update makes a new tensor (AMSGrad's maximum).</summary>
    public torch.Tensor[] Tensors { get; }

    public override void SaveStateDict(BinaryWriter writer)
    {
        writer.Write(Step);
        writer.Write(Tensors.Length);
        foreach (var tensor in Tensors)
        {
            tensor.Save(writer);
        }
    }

    /// <summary>Loads into the existing tensors (TorchSharp's Load checks dtype and shape).</summary>
    public override void LoadStateDict(BinaryReader reader)
    {
        var step = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count != Tensors.Length)
        {
            throw new InvalidDataException($"the saved state has {count} tensors per buffer, this optimizer {Tensors.Length}");
        }

        foreach (var tensor in Tensors)
        {
            tensor.Load(reader);
        }

        Step = step;
    }

    public override void LoadStateDict(OptimizerState source)
    {
        var state = (FusedState)source;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < Tensors.Length; i++)
        {
            Tensors[i].copy_(state.Tensors[i]);
        }

        Step = state.Step;
    }

    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is FusedState state && state.Step == Step && state.Tensors.Length == Tensors.Length &&
        Tensors.Zip(state.Tensors).All(pair => pair.First.allclose(pair.Second));

    /// <summary>The optimizer allocates the tensors with the buffers; nothing to do per group.</summary>
    public override void Initialize(OptimizerOptions options)
    {
    }

    /// <summary>The parameters are views of buffers on one device; moving only the state would split them.</summary>
    public override void to(torch.Device device) =>
        throw new NotSupportedException("Move the model before creating a fused optimizer; its state cannot move on its own.");

    public void Dispose()
    {
        foreach (var tensor in Tensors)
        {
            tensor.Dispose();
        }
    }
}
