using System;
using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Training;

namespace ShapeSharp.Reporting;

/// <summary>PNG charts of a run (ScottPlot): loss and accuracy per epoch, and a confusion matrix; each written atomically.</summary>
public static class Plots
{
    /// <summary>Draws the given history columns (those present) against the epoch.</summary>
    /// <returns>False when none of the columns is in the history (nothing written).</returns>
    public static bool Curves(History history, IReadOnlyList<string> columns, string title, string path, int width = 800, int height = 500)
    {
        var present = columns.Where(c => history.Columns.Contains(c)).ToList();
        if (present.Count == 0 || history.Epochs.Count == 0)
        {
            return false;
        }

        var plot = new ScottPlot.Plot();
        var epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        foreach (var column in present)
        {
            var line = plot.Add.Scatter(epochs, history.Series(column));
            line.LegendText = column;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.ShowLegend();
        AtomicFile.Write(path, temp => plot.SavePng(temp, width, height));
        return true;
    }

    /// <summary>loss.png-style chart: training and validation loss.</summary>
    public static bool Loss(History history, string path) => Curves(history, new[] { "loss", "val_loss" }, "Loss", path);

    /// <summary>Accuracy of training and validation, where recorded.</summary>
    public static bool Accuracy(History history, string path) => Curves(history, new[] { "accuracy", "val_accuracy" }, "Accuracy", path);

    /// <summary>A heat map of counts, actual classes down, predicted across, each cell labelled.</summary>
    public static void ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames, string path, int size = 900)
    {
        var classes = counts.GetLength(0);
        if (counts.GetLength(1) != classes || classNames.Count != classes)
        {
            throw new ArgumentException($"A {counts.GetLength(0)}x{counts.GetLength(1)} matrix needs {classes} class names, got {classNames.Count}.");
        }

        // Heatmap rows are drawn top to bottom; cell (r, c) is centred on (c, classes - 1 - r).
        var intensity = new double[classes, classes];
        for (var r = 0; r < classes; r++)
        {
            var total = Math.Max(1, Enumerable.Range(0, classes).Sum(c => counts[r, c]));
            for (var c = 0; c < classes; c++)
            {
                intensity[r, c] = (double)counts[r, c] / total;
            }
        }

        var plot = new ScottPlot.Plot();
        // Blues runs from dark (0) to white (1): map 1 - share, so empty cells are white and a
        // strong diagonal dark.
        var shade = new double[classes, classes];
        for (var r = 0; r < classes; r++)
        {
            for (var c = 0; c < classes; c++)
            {
                shade[r, c] = 1 - intensity[r, c];
            }
        }

        var heatmap = plot.Add.Heatmap(shade);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        for (var r = 0; r < classes; r++)
        {
            for (var c = 0; c < classes; c++)
            {
                var label = plot.Add.Text(counts[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture), c, classes - 1 - r);
                label.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                label.LabelFontColor = intensity[r, c] > 0.5 ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, classes).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, classNames.ToArray());
        plot.Axes.Left.SetTicks(positions, classNames.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title("Confusion matrix (rows: actual, columns: predicted)");
        AtomicFile.Write(path, temp => plot.SavePng(temp, size, size));
    }
}
