using System.Linq;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>The generated source of composite models, reviewed and committed: blocks, sub-models, recurrence, two inputs.</summary>
public class CompositeSnapshotTests
{
    [Theory]
    [InlineData("Demo.EncoderLayer.g.cs", "EncoderLayer")]
    [InlineData("Demo.TinyEncoder.g.cs", "TinyEncoder")]
    [InlineData("Demo.BiLstmClassifier.g.cs", "BiLstmClassifier")]
    [InlineData("Demo.GruSeq2Seq.g.cs", "GruSeq2Seq")]
    public void Generated_source(string hintName, string snapshot)
    {
        var run = GeneratorHarness.Run(CompositeSources.TinyEncoder, CompositeSources.Recurrent);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Sources[hintName], snapshot);
    }

    [Theory]
    [InlineData("Demo.TiedLm.g.cs", "TiedLm")]
    [InlineData("Demo.CrossAttention.g.cs", "CrossAttention")]
    public void Generated_source_of_ties_and_attention(string hintName, string snapshot)
    {
        var run = GeneratorHarness.Run(CompositeSources.TiedAndAttention);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Sources[hintName], snapshot);
    }

    [Theory]
    [InlineData("Demo.TinyVit.g.cs", "TinyVit")]
    [InlineData("Demo.ScaledMlp.g.cs", "ScaledMlp")]
    public void Generated_source_of_learned_tensors(string hintName, string snapshot)
    {
        var run = GeneratorHarness.Run(CompositeSources.Learned);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Sources[hintName], snapshot);
    }
}
