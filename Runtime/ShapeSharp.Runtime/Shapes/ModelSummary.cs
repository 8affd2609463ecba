using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShapeSharp;

/// <summary>One row of a generated model summary: computed at compile time, formatted at run time.</summary>
/// <param name="Name">State-dict name of the layer ("layers.0") or block.</param>
/// <param name="Kind">Layer kind ("Conv2d").</param>
/// <param name="OutputShape">Symbolic output shape ("[B, 32, 28, 28]").</param>
/// <param name="Parameters">Trainable parameter count, or null when it depends on a symbol.</param>
/// <param name="ParametersText">The count as written (a number, or an expression such as "vocab * 128").</param>
public sealed record SummaryRow(string Name, string Kind, string OutputShape, long? Parameters, string ParametersText);

/// <summary>Formats a Keras/torchinfo-style table: layer, output shape, parameters, total.</summary>
public static class ModelSummary
{
    public static string Format(string model, string inputShape, IReadOnlyList<SummaryRow> rows, long totalParameters)
    {
        var header = new[] { "Layer (type)", "Output shape", "Param #" };
        var cells = rows.Select(r => new[] { $"{r.Name} ({r.Kind})", r.OutputShape, FormatCount(r) }).ToList();
        var widths = Enumerable.Range(0, 3)
            .Select(c => cells.Select(row => row[c].Length).Append(header[c].Length).Max())
            .ToArray();
        var total = widths.Sum() + 4;
        var rule = new string('=', total);
        var thin = new string('-', total);

        var text = new StringBuilder();
        text.AppendLine($"Model: {model}    input: {inputShape}");
        text.AppendLine(rule);
        text.AppendLine(Row(header, widths));
        text.AppendLine(rule);
        foreach (var row in cells)
        {
            text.AppendLine(Row(row, widths));
        }

        text.AppendLine(thin);
        text.AppendLine($"Total params: {totalParameters.ToString("N0", CultureInfo.InvariantCulture)}");
        text.Append(rule);
        return text.ToString();
    }

    private static string FormatCount(SummaryRow row) =>
        row.Parameters is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : row.ParametersText;

    private static string Row(string[] cells, int[] widths) =>
        cells[0].PadRight(widths[0]) + "  " + cells[1].PadRight(widths[1]) + "  " + cells[2].PadLeft(widths[2]);
}
