using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace ShapeSharp.Data;

/// <summary>Makes a <see cref="TensorDataset"/> from a numeric CSV file: some columns are targets, the rest inputs.</summary>
public static class CsvDataset
{
    /// <summary>Loads <paramref name="path"/>: inputs float32 <c>[N, F]</c> from every non-target column, targets per <paramref name="kind"/>.</summary>
    /// <param name="targetColumns">Names of the target columns (at least one; exactly one for classification).</param>
    /// <exception cref="DataFormatException">Parse errors (with line numbers), unknown columns, or non-integer class labels.</exception>
    public static TensorDataset Load(string path, IReadOnlyList<string> targetColumns, CsvTargetKind kind = CsvTargetKind.Regression, char delimiter = ',')
        => FromTable(CsvTable.Read(path, delimiter), targetColumns, kind);

    /// <summary>Same as <see cref="Load"/> for a table already read.</summary>
    public static TensorDataset FromTable(CsvTable table, IReadOnlyList<string> targetColumns, CsvTargetKind kind = CsvTargetKind.Regression)
    {
        var (inputs, targets) = Split(table, targetColumns, kind);
        var x = torch.tensor(table.Select(inputs), new long[] { table.RowCount, inputs.Length });
        try
        {
            var y = kind == CsvTargetKind.Classification
                ? torch.tensor(ClassLabels(table, targets[0]), new long[] { table.RowCount })
                : torch.tensor(table.Select(targets), new long[] { table.RowCount, targets.Length });
            return new TensorDataset(x, y);
        }
        catch
        {
            x.Dispose();
            throw;
        }
    }

    /// <summary>Column indices of inputs and targets, checking names and counts. Managed only.</summary>
    public static (int[] Inputs, int[] Targets) Split(CsvTable table, IReadOnlyList<string> targetColumns, CsvTargetKind kind = CsvTargetKind.Regression)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0)
            throw new ArgumentException("Name at least one target column.", nameof(targetColumns));
        if (kind == CsvTargetKind.Classification && targetColumns.Count != 1)
            throw new ArgumentException(
                $"Classification takes exactly one target column of class indices; got {targetColumns.Count}.", nameof(targetColumns));
        var targets = targetColumns.Select(table.IndexOf).ToArray();
        if (targets.Distinct().Count() != targets.Length)
            throw new ArgumentException("A target column is named twice.", nameof(targetColumns));
        var inputs = Enumerable.Range(0, table.Columns.Count).Except(targets).ToArray();
        if (inputs.Length == 0)
            throw new DataFormatException(table.Path, "every column is a target; no input columns are left.");
        return (inputs, targets);
    }

    /// <summary>A column as class indices; fails on the first fraction or negative, naming its line.</summary>
    public static long[] ClassLabels(CsvTable table, int column)
    {
        var labels = new long[table.RowCount];
        for (int r = 0; r < table.RowCount; r++)
        {
            double v = table[r, column];
            if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
                throw new DataFormatException(
                    table.Path, $"line {table.LineNumbers[r]}, column '{table.Columns[column]}': {v} is not a class index (a whole number from 0).");
            labels[r] = (long)v;
        }
        return labels;
    }
}
