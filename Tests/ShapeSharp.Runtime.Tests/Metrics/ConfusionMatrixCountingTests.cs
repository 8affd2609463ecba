using System;
using ShapeSharp.Metrics;

namespace ShapeSharp.Runtime.Tests.Metrics;

/// <summary>Counting from class indices: no tensors involved.</summary>
public class ConfusionMatrixCountingTests
{
    [Fact]
    public void RowsAreTrueClassesColumnsPredicted()
    {
        var cm = new ConfusionMatrix(3);

        cm.Add([0, 0, 1, 2, 2], [0, 1, 1, 2, 0]);

        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 1 } }, cm.Matrix);
        Assert.Equal(5, cm.Total);
        Assert.Equal(0.6, cm.Compute(), 12);
    }

    [Fact]
    public void NegativeTargetsAreIgnored()
    {
        var cm = new ConfusionMatrix(2);

        cm.Add([0, -100, 1], [0, 1, 0]);

        Assert.Equal(2, cm.Total);
        Assert.Equal(new long[,] { { 1, 0 }, { 1, 0 } }, cm.Matrix);
    }

    [Fact]
    public void GrowsWithoutAClassCount()
    {
        var cm = new ConfusionMatrix();

        cm.Add([0, 1], [1, 0]);
        cm.Add([4], [4]);

        Assert.Equal(5, cm.Classes);
        Assert.Equal(1, cm[0, 1]);
        Assert.Equal(1, cm[4, 4]);
    }

    [Fact]
    public void FixedClassCountRejectsLargerLabels()
    {
        var cm = new ConfusionMatrix(3);

        var error = Assert.Throws<ArgumentException>(() => cm.Add([3], [0]));
        Assert.Contains("class 3 is outside 0..2", error.Message);
    }

    [Fact]
    public void ResetClears()
    {
        var cm = new ConfusionMatrix(2);
        cm.Add([0, 1], [0, 1]);

        cm.Reset();

        Assert.Equal(0, cm.Total);
        Assert.Equal(new long[2, 2], cm.Matrix);
        Assert.Equal(0, cm.Compute());
    }

    [Fact]
    public void MatrixIsACopy()
    {
        var cm = new ConfusionMatrix(2);
        cm.Add([0], [0]);

        cm.Matrix[0, 0] = 99;

        Assert.Equal(1, cm[0, 0]);
    }
}
