using System.Linq;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// Gradual checking: every example is valid for its constant input, so with the input's dims made
/// model sizes (symbols fixed when the model is built, of which some value is valid) no example may
/// give a diagnostic. One form each: OpCatalogRunTests shows the forms infer the same.
/// </summary>
public class OpCatalogSymbolicTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Examples_over_symbolic_dims_give_no_diagnostic(bool everyDim)
    {
        var models = OpExamples.All
            .Select((example, i) => OpModels.Of(i, example with { Input = Symbolic(example.Input, everyDim) }, Sizes(example.Input, everyDim)).First())
            .ToList();
        var found = OpModels.Check(models)
            .SelectMany(chunk => chunk.Diagnostics)
            .Select(d => $"{d.Model?.Expression} on [{(d.Model is null ? "?" : Symbolic(OpExamples.All[d.Model.Example].Input, everyDim))}]: "
                + d.Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>The symbols of <see cref="Symbolic"/>, listed as model sizes.</summary>
    private static string Sizes(string input, bool everyDim) =>
        string.Join(", ", Symbolic(input, everyDim).Split(',').Select(d => d.Trim()).Where(d => d.StartsWith('d')));

    /// <summary>"2, 3, 4" as "d0, d1, d2", or with only the first dim a symbol ("d0, 3, 4").</summary>
    private static string Symbolic(string input, bool everyDim) =>
        string.Join(", ", input.Split(',').Select((d, i) => everyDim || i == 0 ? "d" + i : d.Trim()));
}
