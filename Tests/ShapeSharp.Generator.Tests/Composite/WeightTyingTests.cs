using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// Linear(TiedTo = nameof(Block)): the GPT head sharing the token embedding. Generated, compiled
/// and run: one tensor under two state-dict names, counted once; a tie that cannot hold is
/// reported at TiedTo.
/// </summary>
public class WeightTyingTests
{
    private static string Model(string head, string forward = "return Head(Norm(Embed(ids)));") => CompositeSources.Usings + $$"""
        namespace Demo;

        [Input("B, T", Dtype = DType.Int64)]
        public partial class TiedLm
        {
            [Embedding("vocab", 32)] private partial Tensor Embed(Tensor ids);
            [LayerNorm] private partial Tensor Norm(Tensor x);
            {{head}}

            public override Tensor forward(Tensor ids)
            {
                {{forward}}
            }
        }
        """;

    private const string TiedHead = """[Linear("vocab", Bias = false, TiedTo = nameof(Embed))] private partial Tensor Head(Tensor x);""";

    private static readonly Lazy<Assembly> Tied = new(() => GeneratorHarness.CompileAndLoad(Model(TiedHead)));

    private static nn.Module<Tensor, Tensor> Create(long vocab) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Tied.Value.GetType("Demo.TiedLm", throwOnError: true)!, vocab)!;

    [Fact]
    public void The_head_and_the_embedding_share_one_parameter_counted_once()
    {
        using var scope = NewDisposeScope();
        using var model = Create(50);
        var names = model.state_dict().Keys.ToList();
        Assert.Equal(new[] { "embed.weight", "norm.weight", "norm.bias", "head.weight" }, names);

        // One tensor: writing through the embedding shows in the head.
        using (no_grad())
        {
            model.state_dict()["embed.weight"].fill_(0.5f);
        }

        Assert.Equal(0.5f, model.state_dict()["head.weight"].max().item<float>());
        Assert.Equal(0.5f, model.state_dict()["head.weight"].min().item<float>());

        // An optimizer given parameters() must see the shared tensor once, or it would step it twice.
        Assert.Equal(new[] { "embed.weight", "norm.weight", "norm.bias" }, model.named_parameters().Select(p => p.name));
        var count = (long)model.GetType().GetProperty("ParameterCount")!.GetValue(model)!;
        Assert.Equal(50 * 32 + 32 + 32, count);
    }

    [Fact]
    public void A_training_step_moves_the_shared_weight_through_both_uses()
    {
        using var scope = NewDisposeScope();
        using var model = Create(20);
        var ids = randint(0, 20, new long[] { 4, 6 }, dtype: ScalarType.Int64);
        var before = model.state_dict()["embed.weight"].clone();
        var logits = model.call(ids);
        Assert.Equal(new long[] { 4, 6, 20 }, logits.shape);
        // Next-token targets, not the ids themselves: a tied head already scores its own input highest.
        nn.functional.cross_entropy(logits.reshape(-1, 20), (ids + 1).remainder(20).reshape(-1)).backward();
        using var optimizer = optim.SGD(model.parameters(), 0.5);
        optimizer.step();

        var moved = (model.state_dict()["head.weight"] - before).abs().max().item<float>();
        Assert.True(moved > 1e-4f, $"the shared weight moved by {moved}");
        Assert.True(model.state_dict()["embed.weight"].allclose(model.state_dict()["head.weight"], 0, 0));
    }

    [Fact]
    public void Converting_the_model_keeps_the_tie()
    {
        using var scope = NewDisposeScope();
        using var model = Create(10);
        model.to(ScalarType.Float64);
        using (no_grad())
        {
            model.state_dict()["embed.weight"].fill_(2.0);
        }

        Assert.Equal(ScalarType.Float64, model.state_dict()["head.weight"].dtype);
        Assert.Equal(2.0, model.state_dict()["head.weight"].mean().item<double>());
        Assert.Equal(3, model.parameters().Count());
    }

    [Fact]
    public void SS0001_when_the_tied_weight_has_another_shape()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("""[Linear("vocab", Bias = false, [|TiedTo = nameof(Embed)|])] private partial Tensor Head(Tensor x);""",
            "return Head(Norm(Embed(ids)).repeat_interleave(2, dim: 2));"), "SS0001");
        Assert.Equal("Linear states TiedTo = Embed (weight [vocab, 32]), but its input [B, T, 64] gives weight [vocab, 64]", message);
    }

    [Theory]
    [InlineData("\"Missing\"", "is \"Missing\", which is not a block of 'TiedLm'")]
    [InlineData("nameof(Norm)", "names 'Norm', which must be a block of one Embedding or Linear layer")]
    [InlineData("nameof(Head)", "ties 'Head' to itself")]
    [InlineData("\"\"", "is \"\", which is not a block of 'TiedLm'")]
    public void SS0007_when_the_target_cannot_lend_a_weight(string target, string expected)
    {
        var message = GeneratorHarness.SingleDiagnostic(Model($$"""[Linear("vocab", Bias = false, [|TiedTo = {{target}}|])] private partial Tensor Head(Tensor x);"""), "SS0007");
        Assert.Contains(expected, message);
    }

    [Fact]
    public void SS0007_in_a_model_without_blocks()
    {
        var message = GeneratorHarness.SingleDiagnostic(CompositeSources.Usings + """
            namespace Demo;

            [Input("B, 8")]
            [Linear(8), [|TiedTo = "Head"|]]
            public partial class Stack;
            """.Replace("[Linear(8), [|TiedTo = \"Head\"|]]", "[Linear(8, [|TiedTo = \"Head\"|])]", StringComparison.Ordinal), "SS0007");
        Assert.Contains("a model without blocks has none", message);
    }
}
