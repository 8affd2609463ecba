using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ShapeSharp.Training;

/// <summary>
/// A run's output folder, claimed for the run's lifetime: earlier results are not replaced unless
/// asked, two runs cannot share it, and it is known to be writable before training starts.
/// </summary>
/// <remarks>
/// The claim is an exclusive OS lock on <c>.shapesharp.lock</c> (flock on Linux and macOS, a
/// share lock on Windows), which the OS drops when the process dies, so a crashed run's claim
/// is taken over without a stale-lock check. The holder's process id is written to
/// <c>.shapesharp.owner</c>, because a locked file cannot be read by others; dispose removes it.
/// </remarks>
public sealed class OutputFolder : IDisposable
{
    public const string LockFileName = ".shapesharp.lock";
    public const string OwnerFileName = ".shapesharp.owner";
    public const string DefaultCheckpointName = "checkpoint.bin";

    private FileStream? _lock;

    private OutputFolder(string path, string checkpointName, FileStream lockFile)
    {
        Path = path;
        CheckpointPath = System.IO.Path.Combine(path, checkpointName);
        _lock = lockFile;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Path { get; }

    /// <summary>Where the run's checkpoint goes (and where a resume of this folder reads it).</summary>
    public string CheckpointPath { get; }

    /// <summary>True when the checkpoint file exists (a resume of this folder has something to read).</summary>
    public bool HasCheckpoint => System.IO.File.Exists(CheckpointPath);

    /// <summary>A file in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Claims <paramref name="path"/> (created if missing) for this process: refuses a folder
    /// holding a checkpoint unless <paramref name="resume"/> or <paramref name="overwrite"/>,
    /// refuses a folder another live process holds (naming its process id), checks a file can be
    /// written there, and removes temporary files that killed checkpoint writes left.
    /// </summary>
    /// <exception cref="OutputFolderException">Names the folder, what is wrong and what to do.</exception>
    public static OutputFolder Claim(string path, bool resume = false, bool overwrite = false, string checkpointName = DefaultCheckpointName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointName);
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
        {
            throw new OutputFolderException($"Output folder '{full}' is a file, not a folder.");
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"Output folder '{full}' cannot be created: {e.Message}", e);
        }

        var lockFile = TakeLock(full);
        try
        {
            var checkpoint = System.IO.Path.Combine(full, checkpointName);
            if (System.IO.File.Exists(checkpoint) && !resume && !overwrite)
            {
                var others = Directory.EnumerateFileSystemEntries(full)
                    .Select(System.IO.Path.GetFileName)
                    .Where(n => n != LockFileName && n != OwnerFileName)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                throw new OutputFolderException(
                    $"Output folder '{full}' holds the results of an earlier run ({string.Join(", ", others.Take(8))}{(others.Count > 8 ? ", ..." : "")}). " +
                    "Resume that run (--resume), replace its results (--overwrite), or choose another folder.");
            }

            CheckWritable(full);
            try
            {
                WriteOwner(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputFolderException($"Output folder '{full}' is not writable: {e.Message}", e);
            }

            Checkpoint.RemoveStaleTemporaries(full, checkpointName);
            return new OutputFolder(full, checkpointName, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Releases the folder (removes the owner file, drops the lock). The results stay.</summary>
    public void Dispose()
    {
        if (_lock is null)
        {
            return;
        }

        try
        {
            System.IO.File.Delete(File(OwnerFileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock below is what matters; a left owner file names a process that no longer holds it.
        }

        _lock.Dispose();
        _lock = null;
    }

    private static FileStream TakeLock(string folder)
    {
        var path = System.IO.Path.Combine(folder, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new OutputFolderException($"Output folder '{folder}' is not writable: {e.Message}", e);
        }
        catch (IOException e)
        {
            var owner = ReadOwner(folder);
            throw new OutputFolderException(
                $"Output folder '{folder}' is in use by another run ({owner}). Wait for it to finish, stop it, or choose another folder.", e);
        }
    }

    private static string ReadOwner(string folder)
    {
        try
        {
            var text = System.IO.File.ReadAllText(System.IO.Path.Combine(folder, OwnerFileName)).Trim();
            var pid = text.Split(' ', 2)[0];
            return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? $"process {id}{Describe(id)}" : "process unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "its process id is not recorded yet";
        }
    }

    private static string Describe(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return $", {process.ProcessName}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return "";
        }
    }

    private static void WriteOwner(string folder)
    {
        var text = $"{Environment.ProcessId} {Environment.MachineName} {DateTime.UtcNow:O}\n";
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, OwnerFileName), text);
    }

    private static void CheckWritable(string folder)
    {
        var probe = System.IO.Path.Combine(folder, ".shapesharp.probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: true);
            }

            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"Output folder '{folder}' is not writable: {e.Message}", e);
        }
    }
}
