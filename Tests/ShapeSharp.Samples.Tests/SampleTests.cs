using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ShapeSharp.Samples.Tests;

/// <summary>The README's first command, run for real on the bundled data, and the XOR sample.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shapesharp-samples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Fashion_mnist_main_job_reaches_85_percent_writes_its_outputs_and_resumes()
    {
        var output = Path.Combine(_dir, "run");
        var (exit, text) = SampleProcess.Run("FashionMnist", "--out", output);
        Assert.True(exit == 0, text);
        Assert.Contains("Total params: 421,642", text);  // the summary, counted at compile time
        var accuracy = double.Parse(Regex.Match(text, @"Test accuracy: ([0-9.]+) %").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 85.0, $"test accuracy {accuracy}%\n{text}");
        Assert.Contains("weighted avg", text);  // the classification report
        foreach (var file in new[] { "checkpoint.bin", "history.csv", "history.json", "loss.png", "accuracy.png", "confusion.png" })
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, file);
        }

        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "history.csv")).Length);  // header + 4 epochs

        // A fifth epoch lengthens the warm-up/decay schedule: refused unless re-based (issue 16).
        var resumed = Path.Combine(_dir, "resumed");
        (exit, text) = SampleProcess.Run("FashionMnist", "--resume", Path.Combine(output, "checkpoint.bin"), "--epochs", "5", "--out", resumed);
        Assert.True(exit != 0, text);
        Assert.Contains("would not continue its run exactly", text);
        Assert.Contains("over 676 steps", text);
        (exit, text) = SampleProcess.Run("FashionMnist", "--resume", Path.Combine(output, "checkpoint.bin"), "--epochs", "5", "--rebase", "--out", resumed);
        Assert.True(exit == 0, text);
        Assert.Contains("resuming at epoch 5", text);
        Assert.DoesNotContain("Epoch 4/5", text);
        Assert.Contains("Epoch 5/5", text);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(resumed, "history.csv")).Length);
    }

    [Fact]
    public void Fashion_mnist_reports_a_missing_data_folder_clearly()
    {
        var (exit, text) = SampleProcess.Run("FashionMnist", "--data", Path.Combine(_dir, "nothing-here"));
        Assert.Equal(1, exit);
        Assert.Contains("nothing-here", text);
        Assert.Contains("does not exist", text);
    }

    [Fact]
    public void Xor_reaches_100_percent()
    {
        var (exit, text) = SampleProcess.Run("Xor");
        Assert.True(exit == 0, text);
        Assert.Contains("Accuracy 4/4 = 100%", text);
    }
}
