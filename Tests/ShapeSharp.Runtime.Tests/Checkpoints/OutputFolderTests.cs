using System;
using System.Diagnostics;
using System.IO;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>Issue 16, item 4: results are protected from a fresh run and from a second run at the same time.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string FolderWithResults()
    {
        var folder = Path.Combine(_temp.Path, "run");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "checkpoint.bin"), "the good checkpoint");
        File.WriteAllText(Path.Combine(folder, "history.csv"), "epoch,loss");
        return folder;
    }

    [Fact]
    public void A_folder_holding_a_checkpoint_is_refused_unless_resume_or_overwrite()
    {
        var folder = FolderWithResults();
        var error = Assert.Throws<OutputFolderException>(() => OutputFolder.Claim(folder));
        Assert.Contains(folder, error.Message);
        Assert.Contains("checkpoint.bin, history.csv", error.Message);
        Assert.Contains("--resume", error.Message);
        Assert.Contains("--overwrite", error.Message);
        Assert.Equal("the good checkpoint", File.ReadAllText(Path.Combine(folder, "checkpoint.bin")));

        using (var resumed = OutputFolder.Claim(folder, resume: true))
        {
            Assert.True(resumed.HasCheckpoint);
            Assert.Equal(Path.Combine(folder, "checkpoint.bin"), resumed.CheckpointPath);
        }

        using (OutputFolder.Claim(folder, overwrite: true))
        {
            Assert.Equal("the good checkpoint", File.ReadAllText(Path.Combine(folder, "checkpoint.bin")));  // replaced only by the first save
        }
    }

    [Fact]
    public void An_empty_or_missing_folder_is_claimed_and_created()
    {
        var folder = Path.Combine(_temp.Path, "new", "deeper");
        using var claimed = OutputFolder.Claim(folder);
        Assert.True(Directory.Exists(folder));
        Assert.False(claimed.HasCheckpoint);
        Assert.Equal(Path.Combine(folder, "history.csv"), claimed.File("history.csv"));
    }

    [Fact]
    public void A_second_claim_fails_at_once_naming_the_first_process_until_it_is_released()
    {
        var folder = Path.Combine(_temp.Path, "shared");
        var first = OutputFolder.Claim(folder);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<OutputFolderException>(() => OutputFolder.Claim(folder, resume: true, overwrite: true));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        Assert.Contains($"in use by another run (process {Environment.ProcessId}", error.Message);
        Assert.Contains(folder, error.Message);

        first.Dispose();
        Assert.False(File.Exists(Path.Combine(folder, OutputFolder.OwnerFileName)));
        using var second = OutputFolder.Claim(folder);
        Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(Path.Combine(folder, OutputFolder.OwnerFileName)));
    }

    [Fact]
    public void A_lock_held_by_another_process_names_it_and_is_taken_over_when_that_process_dies()
    {
        var folder = Path.Combine(_temp.Path, "other");
        Directory.CreateDirectory(folder);
        var lockFile = Path.Combine(folder, OutputFolder.LockFileName);

        // flock -F holds an exclusive flock, as a claim does, in one process that is then killed; it waits
        // for the lock, so the probing claims below let it in between them.
        using var holder = Process.Start(new ProcessStartInfo("flock", new[] { "-F", lockFile, "sleep", "60" }) { UseShellExecute = false })!;
        try
        {
            File.WriteAllText(Path.Combine(folder, OutputFolder.OwnerFileName), $"{holder.Id} elsewhere 2026-01-01T00:00:00Z\n");
            var deadline = Stopwatch.StartNew();
            OutputFolderException? error = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                try
                {
                    OutputFolder.Claim(folder).Dispose();  // succeeds only before flock has taken the lock
                    System.Threading.Thread.Sleep(50);
                    File.WriteAllText(Path.Combine(folder, OutputFolder.OwnerFileName), $"{holder.Id} elsewhere 2026-01-01T00:00:00Z\n");
                }
                catch (OutputFolderException e)
                {
                    error = e;
                    break;
                }
            }

            Assert.NotNull(error);
            Assert.Contains($"process {holder.Id}", error!.Message);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }

        using var claimed = OutputFolder.Claim(folder);  // the dead process's lock is gone with it
        Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(Path.Combine(folder, OutputFolder.OwnerFileName)));
    }

    [Fact]
    public void A_stale_owner_file_of_a_dead_process_does_not_block()
    {
        var folder = Path.Combine(_temp.Path, "stale");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, OutputFolder.OwnerFileName), "999999999 gone 2020-01-01T00:00:00Z\n");
        File.WriteAllText(Path.Combine(folder, OutputFolder.LockFileName), "");
        using var claimed = OutputFolder.Claim(folder);
        Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(Path.Combine(folder, OutputFolder.OwnerFileName)));
    }

    [Fact]
    public void Claiming_removes_temporary_files_that_killed_checkpoint_writes_left()
    {
        var folder = FolderWithResults();
        var stale = Path.Combine(folder, "checkpoint.bin.tmp-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(stale, new byte[4096]);
        using var claimed = OutputFolder.Claim(folder, resume: true);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(claimed.CheckpointPath));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_or_is_a_file_is_refused_before_training()
    {
        var file = _temp.File("plain-file");
        File.WriteAllText(file, "x");
        var error = Assert.Throws<OutputFolderException>(() => OutputFolder.Claim(file));
        Assert.Contains("is a file", error.Message);

        var below = Path.Combine(file, "out");
        error = Assert.Throws<OutputFolderException>(() => OutputFolder.Claim(below));
        Assert.Contains(below, error.Message);
        Assert.Contains("cannot be created", error.Message);
    }
}
