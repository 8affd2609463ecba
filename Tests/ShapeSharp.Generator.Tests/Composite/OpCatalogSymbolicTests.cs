using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// Gradual checking: every example is valid for its constant input, so with the input's dims made
/// symbols (some value of them is valid) no form of any example may give a diagnostic.
/// </summary>
public class OpCatalogSymbolicTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Examples_over_symbolic_dims_give_no_diagnostic(bool everyDim)
    {
        var models = OpExamples.All
            .Select((example, i) => OpModels.Of(i, example with { Input = Symbolic(example.Input, everyDim) }))
            .SelectMany(m => m)
            .ToList();
        var run = GeneratorHarness.Run(models.Select(m => m.Source).ToArray());
        var found = run.Diagnostics.Select(d =>
        {
            var file = System.IO.Path.GetFileNameWithoutExtension(d.Location.SourceTree?.FilePath ?? string.Empty);
            var model = int.TryParse(file.Replace("Model", string.Empty), out var n) && n < models.Count ? models[n] : null;
            return $"{model?.Expression} on [{(model is null ? "?" : Symbolic(OpExamples.All[model.Example].Input, everyDim))}]: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>"2, 3, 4" as "d0, d1, d2", or with only the first dim a symbol ("d0, 3, 4").</summary>
    private static string Symbolic(string input, bool everyDim) =>
        string.Join(", ", input.Split(',').Select((d, i) => everyDim || i == 0 ? "d" + i : d.Trim()));
}
