using System;
using System.Collections.Generic;

namespace ShapeSharp.Metrics;

/// <summary>One class's scores; each is 0 where its denominator is 0 (scikit-learn's zero_division=0).</summary>
public readonly record struct ClassScore(int Class, double Precision, double Recall, double F1, long Support);

/// <summary>Precision, recall and F1 of one average.</summary>
public readonly record struct AverageScore(double Precision, double Recall, double F1, long Support);

/// <summary>
/// Everything a classification report shows, computed once from a confusion matrix
/// (rows true, columns predicted).
/// </summary>
/// <remarks>
/// Division by zero gives 0, as scikit-learn's <c>zero_division=0</c>: a class never predicted
/// has precision 0, a class absent from the targets has recall 0, and F1 is 0 when precision and
/// recall are both 0. Averages run over the classes that occur in the targets or the predictions,
/// as scikit-learn does when called without <c>labels=</c>; a class that never occurs in either
/// would otherwise pull the macro average down with a 0 it did not earn.
/// </remarks>
public sealed class ClassScores
{
    private ClassScores(IReadOnlyList<ClassScore> classes, double accuracy, long total)
    {
        Classes = classes;
        Accuracy = accuracy;
        Total = total;
    }

    /// <summary>Rows for the classes that occur in the targets or the predictions, by class index.</summary>
    public IReadOnlyList<ClassScore> Classes { get; }

    public double Accuracy { get; }

    public long Total { get; }

    public AverageScore Macro
    {
        get
        {
            if (Classes.Count == 0) return new AverageScore(0, 0, 0, 0);
            double p = 0, r = 0, f = 0;
            foreach (var c in Classes) { p += c.Precision; r += c.Recall; f += c.F1; }
            return new AverageScore(p / Classes.Count, r / Classes.Count, f / Classes.Count, Total);
        }
    }

    public AverageScore Weighted
    {
        get
        {
            if (Total == 0) return new AverageScore(0, 0, 0, 0);
            double p = 0, r = 0, f = 0;
            foreach (var c in Classes) { p += c.Precision * c.Support; r += c.Recall * c.Support; f += c.F1 * c.Support; }
            return new AverageScore(p / Total, r / Total, f / Total, Total);
        }
    }

    /// <summary>Global counts; for single-label data all three equal the accuracy.</summary>
    public AverageScore Micro => new(Accuracy, Accuracy, Accuracy, Total);

    /// <summary>The positive class (1) alone; zeros when class 1 never occurs.</summary>
    public AverageScore Binary
    {
        get
        {
            foreach (var c in Classes)
                if (c.Class == 1) return new AverageScore(c.Precision, c.Recall, c.F1, c.Support);
            return new AverageScore(0, 0, 0, 0);
        }
    }

    public AverageScore Get(Average average) => average switch
    {
        Average.Macro => Macro,
        Average.Weighted => Weighted,
        Average.Micro => Micro,
        Average.Binary => Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, null),
    };

    public static ClassScores FromMatrix(long[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
            throw new ArgumentException($"A confusion matrix must be square; this one is {n} x {matrix.GetLength(1)}.", nameof(matrix));

        var rows = new List<ClassScore>(n);
        long total = 0, correct = 0;
        for (int c = 0; c < n; c++)
        {
            long tp = matrix[c, c], support = 0, predicted = 0;
            for (int k = 0; k < n; k++)
            {
                support += matrix[c, k];
                predicted += matrix[k, c];
            }
            total += support;
            correct += tp;
            if (support == 0 && predicted == 0) continue;

            double precision = Ratio(tp, predicted);
            double recall = Ratio(tp, support);
            // 2tp / (2tp + fp + fn): the same value as 2pr / (p + r), without a 0/0 when both are 0.
            double f1 = Ratio(2 * tp, support + predicted);
            rows.Add(new ClassScore(c, precision, recall, f1, support));
        }
        return new ClassScores(rows, Ratio(correct, total), total);
    }

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
