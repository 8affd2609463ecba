using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>The generated source of every layer kind and option group, reviewed and committed.</summary>
public class SnapshotTests
{
    [Theory]
    [MemberData(nameof(ModelSources.Names), MemberType = typeof(ModelSources))]
    public void Generated_source(string name)
    {
        var run = GeneratorHarness.Run(ModelSources.Source(name));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Source, name);
    }

    [Fact]
    public void Model_in_the_global_namespace_nested_in_a_partial_class()
    {
        var run = GeneratorHarness.Run("""
            using ShapeSharp;

            public partial class Outer
            {
                [Input("B, 4")]
                [Linear(2)]
                public partial class Inner;
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Source, "NestedInGlobalNamespace");
    }
}
