using System;
using ShapeSharp.Metrics;

namespace ShapeSharp.Runtime.Tests.Metrics;

public class ClassScoresTests
{
    // Rows true, columns predicted.
    //            pred 0  pred 1  pred 2   support
    //   true 0      4       1       0        5
    //   true 1      1       2       1        4
    //   true 2      0       0       1        1
    //   predicted   5       3       2       10
    //
    // precision = tp / predicted: 4/5 = 0.8,  2/3 = 0.6667,  1/2 = 0.5
    // recall    = tp / support:   4/5 = 0.8,  2/4 = 0.5,     1/1 = 1.0
    // f1 = 2tp / (support + predicted): 8/10 = 0.8,  4/7 = 0.5714,  2/3 = 0.6667
    // accuracy = (4 + 2 + 1) / 10 = 0.7
    // macro f1    = (4/5 + 4/7 + 2/3) / 3              = 214/315 = 0.679365
    // weighted f1 = (5 * 4/5 + 4 * 4/7 + 1 * 2/3) / 10 = 73/105  = 0.695238   (differs from macro)
    // macro precision    = (4/5 + 2/3 + 1/2) / 3            = 59/90  = 0.655556
    // weighted precision = (5 * 4/5 + 4 * 2/3 + 1 * 1/2) / 10 = 43/60 = 0.716667
    // macro recall       = (4/5 + 1/2 + 1) / 3              = 23/30  = 0.766667
    // weighted recall    = accuracy                                  = 0.7
    internal static readonly long[,] ThreeClass = { { 4, 1, 0 }, { 1, 2, 1 }, { 0, 0, 1 } };

    [Fact]
    public void PerClassScoresMatchHandComputation()
    {
        var scores = ClassScores.FromMatrix(ThreeClass);

        Assert.Equal(3, scores.Classes.Count);
        AssertClass(scores.Classes[0], 0, 0.8, 0.8, 0.8, 5);
        AssertClass(scores.Classes[1], 1, 2.0 / 3, 0.5, 4.0 / 7, 4);
        AssertClass(scores.Classes[2], 2, 0.5, 1.0, 2.0 / 3, 1);
        Assert.Equal(0.7, scores.Accuracy, 12);
        Assert.Equal(10, scores.Total);
    }

    [Fact]
    public void MacroAndWeightedAveragesDiffer()
    {
        var scores = ClassScores.FromMatrix(ThreeClass);

        Assert.Equal(214.0 / 315, scores.Macro.F1, 12);
        Assert.Equal(73.0 / 105, scores.Weighted.F1, 12);
        Assert.Equal(59.0 / 90, scores.Macro.Precision, 12);
        Assert.Equal(43.0 / 60, scores.Weighted.Precision, 12);
        Assert.Equal(23.0 / 30, scores.Macro.Recall, 12);
        Assert.Equal(0.7, scores.Weighted.Recall, 12);
        Assert.Equal(0.7, scores.Micro.F1, 12);
        Assert.NotEqual(scores.Macro.F1, scores.Weighted.F1, 6);
    }

    [Fact]
    public void ZeroDivisionGivesZero()
    {
        // Class 1 is never predicted (precision 0/0) and never correct; class 2 never occurs at all.
        long[,] matrix = { { 2, 0, 0 }, { 1, 0, 0 }, { 0, 0, 0 } };

        var scores = ClassScores.FromMatrix(matrix);

        Assert.Equal(2, scores.Classes.Count);                 // class 2 is left out of the averages
        AssertClass(scores.Classes[1], 1, 0, 0, 0, 1);
        Assert.Equal((0.8 + 0) / 2, scores.Macro.F1, 12);      // class 0: p 2/3, r 1, f1 4/5
    }

    [Fact]
    public void EmptyMatrixScoresZero()
    {
        var scores = ClassScores.FromMatrix(new long[3, 3]);

        Assert.Empty(scores.Classes);
        Assert.Equal(0, scores.Accuracy);
        Assert.Equal(0, scores.Macro.F1);
        Assert.Equal(0, scores.Weighted.F1);
    }

    [Fact]
    public void BinaryAverageReadsClassOne()
    {
        // tp 3, fp 1, fn 2: precision 3/4, recall 3/5, f1 6/9.
        long[,] matrix = { { 4, 1 }, { 2, 3 } };

        var binary = ClassScores.FromMatrix(matrix).Binary;

        Assert.Equal(0.75, binary.Precision, 12);
        Assert.Equal(0.6, binary.Recall, 12);
        Assert.Equal(6.0 / 9, binary.F1, 12);
    }

    [Fact]
    public void NonSquareMatrixIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassScores.FromMatrix(new long[2, 3]));
        Assert.Contains("2 x 3", error.Message);
    }

    private static void AssertClass(ClassScore score, int index, double precision, double recall, double f1, long support)
    {
        Assert.Equal(index, score.Class);
        Assert.Equal(precision, score.Precision, 12);
        Assert.Equal(recall, score.Recall, 12);
        Assert.Equal(f1, score.F1, 12);
        Assert.Equal(support, score.Support);
    }
}
