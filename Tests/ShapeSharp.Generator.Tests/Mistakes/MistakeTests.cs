using System;
using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Mistakes;

/// <summary>
/// The mistake corpus (issue 12): each classic mistake is reported once, at the line the user has to
/// change, with the layer argument it contradicts as the additional location and the shapes in the
/// message, and with no compiler noise. Cases with a <see cref="Mistake.Gap"/> note are what the
/// checker does not do yet; their test fails as soon as it does, so the note is removed then.
/// </summary>
public class MistakeTests
{
    public static TheoryData<string> Caught() => new(MistakeCorpus.Caught.Select(m => m.Name));

    public static TheoryData<string> Gaps() => new(MistakeCorpus.Gaps.Select(m => m.Name));

    [Fact]
    public void The_corpus_has_at_least_30_mistakes_with_distinct_names()
    {
        Assert.True(MistakeCorpus.All.Length >= 30, $"{MistakeCorpus.All.Length} mistakes");
        Assert.Equal(MistakeCorpus.All.Length, MistakeCorpus.All.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Caught))]
    public void Caught_once_where_the_user_looks(string name)
    {
        var mistake = MistakeCorpus.Named(name);
        Expect(mistake.Source, mistake.Id, mistake.Shapes);
    }

    [Theory]
    [MemberData(nameof(Gaps))]
    public void Known_gap_is_still_open(string name)
    {
        var mistake = MistakeCorpus.Named(name);
        Assert.True(Fails(mistake.Source, mistake.Id, mistake.Shapes),
            $"'{name}' is now reported as expected: remove its gap note ({mistake.Gap}).");
        Assert.NotNull(mistake.Repro);
        Assert.True(Fails(mistake.Repro.Source, mistake.Id, mistake.Repro.Shapes),
            $"The minimal repro of '{name}' is now reported as expected: remove the gap note and repro ({mistake.Gap}).");
    }

    private static void Expect(string marked, string id, string[] shapes)
    {
        var message = GeneratorHarness.SingleDiagnostic(marked, id);
        foreach (var shape in shapes)
        {
            Assert.Contains(shape, message, StringComparison.Ordinal);
        }
    }

    private static bool Fails(string marked, string id, string[] shapes) =>
        Record.Exception(() => Expect(marked, id, shapes)) is Xunit.Sdk.XunitException;
}
