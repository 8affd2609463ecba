using System;
using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Training;

/// <summary>Where a resumed run starts: its first epoch and the optimizer step its schedule continues from.</summary>
/// <param name="StartEpoch">The first epoch to train (1-based).</param>
/// <param name="Step">The optimizer step the schedule and step counter continue from.</param>
/// <param name="Differences">What differs from the checkpoint's run (empty for an exact resume).</param>
public sealed record ResumePlan(int StartEpoch, long Step, IReadOnlyList<string> Differences)
{
    /// <summary>True when the run continues on a re-based schedule.</summary>
    public bool Rebased => Differences.Count > 0;

    /// <summary>
    /// Checks that the run set up as <paramref name="current"/> continues the one saved in
    /// <paramref name="saved"/> exactly, and says where it starts.
    /// </summary>
    /// <param name="path">The checkpoint, for messages.</param>
    /// <exception cref="ResumeMismatchException">
    /// The run had finished, or its settings differ and <paramref name="policy"/> is
    /// <see cref="ResumePolicy.Exact"/>; the message lists the differences and how to continue.
    /// </exception>
    public static ResumePlan For(string path, CheckpointInfo saved, RunConfiguration current, ResumePolicy policy = ResumePolicy.Exact)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(current);
        if (current.Epochs <= saved.Epoch)
        {
            var finished = saved.Run is { } run && saved.Epoch >= run.Epochs ? $"finished: it ran all {run.Epochs} of its epochs" : $"has already trained {saved.Epoch} epochs";
            throw new ResumeMismatchException(
                $"The run in checkpoint '{path}' {finished}, and this run asks for {current.Epochs} in all, so there is nothing left to train. " +
                $"Ask for more than {saved.Epoch} epochs to continue it, or start a new run.",
                Array.Empty<string>());
        }

        var differences = saved.Run is null
            ? new[] { "the checkpoint records no run configuration, so the resume cannot be checked" }
            : saved.Run.DifferencesFrom(current);
        if (differences.Count == 0)
        {
            return new ResumePlan(saved.Epoch + 1, saved.Step, differences);
        }

        if (policy != ResumePolicy.Rebase)
        {
            var rebased = (long)saved.Epoch * current.StepsPerEpoch;
            throw new ResumeMismatchException(
                $"Resuming from checkpoint '{path}' would not continue its run exactly:\n  - {string.Join("\n  - ", differences)}\n" +
                $"Run with the checkpoint's settings, or continue anyway with ResumePolicy.Rebase (the samples' --rebase): " +
                $"epoch {saved.Epoch + 1} then starts at step {rebased} of the new run's schedule, the position of {saved.Epoch} finished epochs.",
                differences);
        }

        return new ResumePlan(saved.Epoch + 1, (long)saved.Epoch * current.StepsPerEpoch, differences.ToList());
    }
}
