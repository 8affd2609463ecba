using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ShapeSharp.Data;

/// <summary>
/// A numeric CSV file in managed memory: a header of column names and rows of doubles.
/// Parsing is kept apart from tensor making so it can be checked without native code.
/// </summary>
/// <remarks>
/// Deliberately small: one delimiter, a header line, numbers in the invariant culture ("1.5",
/// "-2e-3", "NaN"), optional double quotes around a whole field, blank lines skipped. No quoted
/// delimiters or embedded newlines; a numeric file has no use for them.
/// </remarks>
public sealed class CsvTable
{
    private CsvTable(string path, IReadOnlyList<string> columns, double[] values, int rows, int[] lineNumbers)
    {
        LineNumbers = lineNumbers;
        Path = path;
        Columns = columns;
        Values = values;
        RowCount = rows;
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Row-major values, <c>RowCount * Columns.Count</c> long.</summary>
    public double[] Values { get; }

    public int RowCount { get; }

    /// <summary>The 1-based file line of each row, so later checks can point at the line too.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    public double this[int row, int column] => Values[row * Columns.Count + column];

    /// <summary>Index of a column by name (exact, then case-insensitive); the error lists the columns there are.</summary>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase)) return i;
        throw new DataFormatException(Path, $"no column '{column}'; the header has {string.Join(", ", Columns.Select(c => $"'{c}'"))}.");
    }

    /// <summary>Copies the given columns, row-major, as float32 values.</summary>
    public float[] Select(IReadOnlyList<int> columns)
    {
        var result = new float[RowCount * columns.Count];
        for (int r = 0; r < RowCount; r++)
            for (int c = 0; c < columns.Count; c++)
                result[r * columns.Count + c] = (float)this[r, columns[c]];
        return result;
    }

    /// <summary>Reads a numeric CSV file with a header line.</summary>
    /// <exception cref="DataFormatException">Missing file, no header, duplicate names, wrong field count or a non-number; the message gives the line.</exception>
    public static CsvTable Read(string path, char delimiter = ',')
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, "file not found.");
        try
        {
            using var reader = new StreamReader(path);
            return Read(reader, path, delimiter);
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not DataFormatException)
        {
            throw new DataFormatException(path, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="name"/> stands for the file in errors.</summary>
    public static CsvTable Read(TextReader reader, string name, char delimiter = ',')
    {
        string? line;
        int lineNumber = 0;
        string[]? header = null;
        while (header is null && (line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            header = line.Split(delimiter).Select(Unquote).ToArray();
        }
        if (header is null)
            throw new DataFormatException(name, "empty file: expected a header line of column names.");
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
                throw new DataFormatException(name, $"line {lineNumber}: column {i + 1} of the header has no name.");
            int first = Array.IndexOf(header, header[i]);
            if (first != i)
                throw new DataFormatException(name, $"line {lineNumber}: column name '{header[i]}' appears twice (columns {first + 1} and {i + 1}).");
        }

        var values = new List<double>();
        var lineNumbers = new List<int>();
        int rows = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(delimiter);
            if (fields.Length != header.Length)
                throw new DataFormatException(
                    name, $"line {lineNumber}: {fields.Length} fields, but the header has {header.Length} columns.");
            for (int c = 0; c < fields.Length; c++)
            {
                var text = Unquote(fields[c]);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new DataFormatException(
                        name, $"line {lineNumber}, column '{header[c]}': '{text}' is not a number.");
                values.Add(value);
            }
            lineNumbers.Add(lineNumber);
            rows++;
        }
        return new CsvTable(name, header, values.ToArray(), rows, lineNumbers.ToArray());
    }

    private static string Unquote(string field)
    {
        var trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1].Trim() : trimmed;
    }
}
