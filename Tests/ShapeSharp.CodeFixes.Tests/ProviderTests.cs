using Microsoft.CodeAnalysis.CodeFixes;

namespace ShapeSharp.CodeFixes.Tests;

/// <summary>
/// What the before/after tests cannot see: without a Fix All provider the framework quietly skips
/// its Fix All checks (and fixes the diagnostics one at a time), so the Fix All tests would still pass.
/// </summary>
public class ProviderTests
{
    public static TheoryData<CodeFixProvider, string> Providers => new()
    {
        { new InputSizeCodeFix(), "SS0001" },
        { new RemoveActivationCodeFix(), "SS0011" },
        { new InsertFlattenCodeFix(), "SS0012,SS0010" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Fixes_its_diagnostic_and_offers_Fix_All_through_the_batch_fixer(CodeFixProvider provider, string id)
    {
        Assert.Equal(id.Split(','), provider.FixableDiagnosticIds);
        Assert.Same(WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
    }
}
