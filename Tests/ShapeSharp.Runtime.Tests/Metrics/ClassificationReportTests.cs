using System;
using ShapeSharp.Metrics;

namespace ShapeSharp.Runtime.Tests.Metrics;

public class ClassificationReportTests
{
    [Fact]
    public void MatchesScikitLearnLayout()
    {
        var report = new ClassificationReport(ClassScoresTests.ThreeClass).ToString();

        // The numbers are the hand-computed ones in ClassScoresTests, rounded to two places.
        const string expected =
            "              precision    recall  f1-score   support\n" +
            "\n" +
            "           0       0.80      0.80      0.80         5\n" +
            "           1       0.67      0.50      0.57         4\n" +
            "           2       0.50      1.00      0.67         1\n" +
            "\n" +
            "    accuracy                           0.70        10\n" +
            "   macro avg       0.66      0.77      0.68        10\n" +
            "weighted avg       0.72      0.70      0.70        10\n";
        Assert.Equal(expected, report);
    }

    [Fact]
    public void ClassNamesWiderThanTheAverageLabelWidenTheFirstColumn()
    {
        var names = new[] { "T-shirt/top", "Trouser", "Ankle boot, long name" };

        var lines = new ClassificationReport(ClassScoresTests.ThreeClass, names, digits: 3).ToString().Split('\n');

        Assert.Equal("                       precision    recall  f1-score   support", lines[0]);
        Assert.Equal("          T-shirt/top      0.800     0.800     0.800         5", lines[2]);
        Assert.Equal("Ankle boot, long name      0.500     1.000     0.667         1", lines[4]);
        Assert.Equal("         weighted avg      0.717     0.700     0.695        10", lines[8]);
    }

    [Fact]
    public void TooFewClassNamesIsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationReport(ClassScoresTests.ThreeClass, ["a", "b"]));
        Assert.Contains("2 class names for a 3-class", error.Message);
    }
}
