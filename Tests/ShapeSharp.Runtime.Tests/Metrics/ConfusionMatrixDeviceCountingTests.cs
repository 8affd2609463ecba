using System;
using ShapeSharp.Metrics;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Metrics;

/// <summary>
/// The counting a ConfusionMatrix does on a device (no sync per batch), taken on the CPU here
/// (CountWithTensors): it must give the managed counting's matrix, and say when a target was outside it.
/// </summary>
public class ConfusionMatrixDeviceCountingTests
{
    [Theory]
    [InlineData(4, false)]   // [N, C] logits, ignored targets among them
    [InlineData(1, false)]   // [N, 1] binary scores against 0/1 targets
    [InlineData(1, true)]    // the same as logits
    public void Counting_with_tensors_gives_the_managed_matrix_across_batches(int columns, bool fromLogits)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var managed = new ConfusionMatrix(fromLogits: fromLogits);
        var tensors = new ConfusionMatrix(fromLogits: fromLogits) { CountWithTensors = true };
        for (var batch = 0; batch < 6; batch++)
        {
            var output = randn(new long[] { 37, columns }, generator: generator);
            var target = columns == 1
                ? randint(0, 2, new long[] { 37 }, generator: generator)
                : randint(-1, columns, new long[] { 37 }, generator: generator);
            managed.Update(output, target);
            tensors.Update(output, target);
        }

        Assert.Equal(managed.Matrix, tensors.Matrix);
        Assert.Equal(managed.Total, tensors.Total);
        Assert.True(managed.Total > 150, $"{managed.Total} counted");
        Assert.Equal(managed.Compute(), tensors.Compute());

        // Counting goes on after a read, and Reset clears what is still on the device.
        var extra = randn(new long[] { 5, columns }, generator: generator);
        var labels = zeros(new long[] { 5 }, ScalarType.Int64);
        managed.Update(extra, labels);
        tensors.Update(extra, labels);
        Assert.Equal(managed.Matrix, tensors.Matrix);
        tensors.Update(extra, labels);
        tensors.Reset();
        Assert.Equal(0, tensors.Total);
    }

    [Fact]
    public void A_target_outside_the_outputs_classes_is_reported_when_the_counts_are_read()
    {
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(classes: 3) { CountWithTensors = true };
        matrix.Update(randn(4, 3), tensor(new long[] { 0, 5, 2, 7 }));
        var error = Assert.Throws<ArgumentException>(() => matrix.Compute());
        Assert.Contains("2 targets outside 0..2", error.Message);
        Assert.Equal(0, matrix.Total);  // the batch's counts were dropped with the error, not half-kept

        var wrongWidth = Assert.Throws<ArgumentException>(() => matrix.Update(randn(4, 5), tensor(new long[] { 0, 1, 2, 3 })));
        Assert.Contains("made for 3", wrongWidth.Message);
    }
}
