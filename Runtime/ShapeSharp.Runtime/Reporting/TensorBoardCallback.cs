using System;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Reporting;

/// <summary>
/// Writes training values as TensorBoard scalars through TorchSharp's event-file writer
/// (<c>torch.utils.tensorboard.SummaryWriter</c>): every epoch value under <c>epoch/NAME</c> at
/// step = epoch, and optionally each optimizer step's loss (the mean of its accumulated batches) and
/// learning rate under <c>step/loss</c> and <c>step/lr</c> at the global step, once per step. View with <c>tensorboard --logdir DIR</c>.
/// </summary>
/// <remarks>
/// <para>Tags share an <c>epoch/</c> prefix so "loss" and "val_loss" land in one TensorBoard
/// section, side by side.</para>
/// <para>TorchSharp's writer opens, appends to and closes the event file on every scalar, so
/// there is nothing to flush or dispose, and a killed run keeps everything written so far.
/// Its steps are <c>int</c>: a global step past <see cref="int.MaxValue"/> is clamped.</para>
/// </remarks>
public sealed class TensorBoardCallback : ITrainingCallback
{
    private readonly SummaryWriter _writer;

    /// <param name="logDirectory">Where the event file goes (created if missing).</param>
    /// <param name="logSteps">Also write per-step loss and learning rate.</param>
    /// <param name="stepInterval">With <paramref name="logSteps"/>, write every this many global steps.</param>
    public TensorBoardCallback(string logDirectory, bool logSteps = false, int stepInterval = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDirectory);
        if (stepInterval < 1) throw new ArgumentOutOfRangeException(nameof(stepInterval), stepInterval, "Must be at least 1.");
        _writer = torch.utils.tensorboard.SummaryWriter(logDirectory);
        LogSteps = logSteps;
        StepInterval = stepInterval;
    }

    /// <summary>The directory holding the event file.</summary>
    public string LogDirectory => _writer.LogDir;

    public bool LogSteps { get; }

    public int StepInterval { get; }

    public void OnStep(StepInfo step)
    {
        if (!LogSteps || step.Step % StepInterval != 0) return;
        int at = (int)Math.Min(step.Step, int.MaxValue);
        _writer.add_scalar("step/loss", (float)step.Loss, at);
        _writer.add_scalar("step/lr", (float)step.LearningRate, at);
    }

    public void OnEpochEnd(EpochInfo epoch)
    {
        foreach (var (name, value) in epoch.Values)
            _writer.add_scalar("epoch/" + name, (float)value, epoch.Epoch);
    }
}
