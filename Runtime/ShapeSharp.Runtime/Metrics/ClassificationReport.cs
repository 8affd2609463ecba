using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShapeSharp.Metrics;

/// <summary>
/// scikit-learn's <c>classification_report</c> as text, built from a confusion matrix
/// (rows true, columns predicted): per-class precision, recall, f1-score and support, then
/// accuracy, macro avg and weighted avg. Zero denominators give 0 (see <see cref="ClassScores"/>).
/// </summary>
/// <example><code>
///               precision    recall  f1-score   support
///
///      T-shirt       0.50      1.00      0.67         1
///      ...
///
///     accuracy                           0.60         5
///    macro avg       0.50      0.56      0.49         5
/// weighted avg       0.70      0.60      0.61         5
/// </code></example>
public sealed class ClassificationReport
{
    private const int ColumnWidth = 9;
    private static readonly string[] Headers = ["precision", "recall", "f1-score", "support"];

    private readonly IReadOnlyList<string>? _classNames;

    /// <param name="matrix">Counts, <c>[true, predicted]</c>.</param>
    /// <param name="classNames">Row labels by class index (e.g. <c>FashionMnist.ClassNames</c>); indices when null.</param>
    /// <param name="digits">Decimal places, as scikit-learn's <c>digits</c>.</param>
    public ClassificationReport(long[,] matrix, IReadOnlyList<string>? classNames = null, int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        Scores = ClassScores.FromMatrix(matrix);
        int classes = matrix.GetLength(0);
        if (classNames is not null && classNames.Count < classes)
            throw new ArgumentException(
                $"{classNames.Count} class names for a {classes}-class confusion matrix.", nameof(classNames));
        _classNames = classNames;
        Digits = digits;
    }

    public ClassScores Scores { get; }

    public int Digits { get; }

    public string ClassLabel(int index) =>
        _classNames is not null ? _classNames[index] : index.ToString(CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var labels = Scores.Classes.Select(c => ClassLabel(c.Class)).ToList();
        int width = Math.Max(labels.Select(l => l.Length).DefaultIfEmpty(0).Max(), "weighted avg".Length);
        width = Math.Max(width, Digits);

        var text = new StringBuilder();
        text.Append(' ', width).Append(' ');
        foreach (var header in Headers) text.Append(' ').Append(header.PadLeft(ColumnWidth));
        text.Append("\n\n");

        for (int i = 0; i < labels.Count; i++)
        {
            var c = Scores.Classes[i];
            Row(text, labels[i], width, c.Precision, c.Recall, c.F1, c.Support);
        }
        text.Append('\n');

        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ', 2 * (ColumnWidth + 1))
            .Append(' ').Append(Number(Scores.Accuracy).PadLeft(ColumnWidth))
            .Append(' ').Append(Scores.Total.ToString(CultureInfo.InvariantCulture).PadLeft(ColumnWidth))
            .Append('\n');
        var macro = Scores.Macro;
        Row(text, "macro avg", width, macro.Precision, macro.Recall, macro.F1, Scores.Total);
        var weighted = Scores.Weighted;
        Row(text, "weighted avg", width, weighted.Precision, weighted.Recall, weighted.F1, Scores.Total);
        return text.ToString();
    }

    private void Row(StringBuilder text, string label, int width, double precision, double recall, double f1, long support)
    {
        text.Append(label.PadLeft(width)).Append(' ');
        foreach (var value in new[] { precision, recall, f1 })
            text.Append(' ').Append(Number(value).PadLeft(ColumnWidth));
        text.Append(' ').Append(support.ToString(CultureInfo.InvariantCulture).PadLeft(ColumnWidth)).Append('\n');
    }

    private string Number(double value) => value.ToString("F" + Digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
