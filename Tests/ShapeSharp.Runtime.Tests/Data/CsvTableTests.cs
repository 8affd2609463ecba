using System;
using System.IO;
using ShapeSharp.Data;

namespace ShapeSharp.Runtime.Tests.Data;

/// <summary>CSV parsing and its errors; managed only.</summary>
public class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Read(new StringReader(text), "test.csv");

    [Fact]
    public void Parses_header_and_numbers_in_the_invariant_culture()
    {
        var table = Parse("a,\"b\",label\n1.5,-2e-3,0\n\n3,4,1\n");
        Assert.Equal(new[] { "a", "b", "label" }, table.Columns);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(1.5, table[0, 0]);
        Assert.Equal(-0.002, table[0, 1]);
        Assert.Equal(1, table[1, 2]);
        Assert.Equal(new[] { 2, 4 }, table.LineNumbers);
    }

    [Fact]
    public void Splits_inputs_and_targets_by_name()
    {
        var table = Parse("x1,y,x2\n1,10,2\n3,20,4\n");
        var (inputs, targets) = CsvDataset.Split(table, new[] { "y" });
        Assert.Equal(new[] { 0, 2 }, inputs);
        Assert.Equal(new[] { 1 }, targets);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, table.Select(inputs));
        Assert.Equal(new long[] { 10, 20 }, CsvDataset.ClassLabels(table, 1));
    }

    [Fact]
    public void Bad_number_names_line_and_column()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("a,b\n1,2\n3,x\n"));
        Assert.Contains("test.csv", e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 'b'", e.Message);
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Wrong_field_count_names_the_line()
    {
        var e = Assert.Throws<DataFormatException>(() => Parse("a,b\n1,2\n\n3\n"));
        Assert.Contains("line 4: 1 fields, but the header has 2 columns", e.Message);
    }

    [Fact]
    public void Header_problems()
    {
        Assert.Contains("empty file", Assert.Throws<DataFormatException>(() => Parse("\n\n")).Message);
        Assert.Contains("'a' appears twice", Assert.Throws<DataFormatException>(() => Parse("a,b,a\n1,2,3\n")).Message);
        Assert.Contains("has no name", Assert.Throws<DataFormatException>(() => Parse("a,,c\n1,2,3\n")).Message);
    }

    [Fact]
    public void Unknown_target_lists_the_columns()
    {
        var table = Parse("a,b\n1,2\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataset.Split(table, new[] { "label" }));
        Assert.Contains("no column 'label'", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
        Assert.Throws<DataFormatException>(() => CsvDataset.Split(table, new[] { "a", "b" }));
        Assert.Throws<ArgumentException>(() => CsvDataset.Split(table, new[] { "a", "b" }, CsvTargetKind.Classification));
    }

    [Fact]
    public void Class_labels_must_be_whole_and_non_negative()
    {
        var table = Parse("x,label\n1,0\n2,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDataset.ClassLabels(table, 1));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("1.5", e.Message);
    }

    [Fact]
    public void Missing_file()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvTable.Read("/nonexistent/data.csv"));
        Assert.Contains("/nonexistent/data.csv", e.Message);
    }
}
