using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// [MultiheadAttention(heads)] as a block of its own: batch-first shapes around TorchSharp's
/// sequence-first module, the weights' key length taken from the call, and key/value checked
/// against the query.
/// </summary>
public class MultiheadAttentionTests
{
    private static string Model(string blocks, string body) => CompositeSources.Usings + $$"""
        namespace Demo;

        [Input("B, T, 32", Name = "decoder")]
        [Input("B, S, 32", Name = "memory")]
        public partial class CrossAttention
        {
            {{blocks}}

            public override (Tensor, Tensor) forward(Tensor decoder, Tensor memory)
            {
                {{body}}
            }
        }
        """;

    private const string Attend = "[MultiheadAttention(4)] private partial (Tensor Output, Tensor Weights) Attend(Tensor query, Tensor key, Tensor value);";

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Model(Attend, "return Attend(decoder, memory, memory);")));

    [Fact]
    public void Batch_first_output_and_weights_with_pytorch_names()
    {
        using var scope = NewDisposeScope();
        var type = Compiled.Value.GetType("Demo.CrossAttention", throwOnError: true)!;
        Assert.Equal("([B, T, 32], [B, T, S])", type.GetField("OutputShape")!.GetValue(null));
        using var model = (nn.Module<Tensor, Tensor, (Tensor, Tensor)>)Activator.CreateInstance(type)!;
        var (output, weights) = model.call(randn(2, 5, 32), randn(2, 7, 32));
        Assert.Equal(new long[] { 2, 5, 32 }, output.shape);
        Assert.Equal(new long[] { 2, 5, 7 }, weights.shape);
        Assert.Equal(new[] { "attend.in_proj_weight", "attend.in_proj_bias", "attend.out_proj.weight", "attend.out_proj.bias" }, model.state_dict().Keys);
        Assert.Equal(4 * 32 * 32 + 4 * 32, model.parameters().Sum(p => p.numel()));
        Assert.Equal(4L * 32 * 32 + 4 * 32, (long)type.GetField("ParameterCount")!.GetValue(null)!);
    }

    [Fact]
    public void The_same_as_TorchSharps_module_on_transposed_inputs()
    {
        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor, (Tensor, Tensor)>)Activator.CreateInstance(Compiled.Value.GetType("Demo.CrossAttention")!)!;
        using var reference = nn.MultiheadAttention(32, 4);
        reference.load_state_dict(model.state_dict().ToDictionary(p => p.Key["attend.".Length..], p => p.Value));
        var (query, memory) = (randn(3, 4, 32), randn(3, 6, 32));
        var (output, weights) = model.call(query, memory);
        var expected = reference.call(query.transpose(0, 1), memory.transpose(0, 1), memory.transpose(0, 1));
        Assert.True(output.allclose(expected.Item1.transpose(0, 1), 0, 0));
        Assert.True(weights.allclose(expected.Item2, 0, 0));
    }

    [Fact]
    public void SS0020_when_the_key_has_another_width()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model(Attend, "return [|Attend(decoder, memory[.., .., ..16], memory)|];"), "SS0020");
        Assert.Equal("Attend: its key [B, S, 16] has width 16, but the query [B, T, 32] has 32", message);
    }

    [Fact]
    public void SS0007_when_the_heads_do_not_divide_the_width()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("[MultiheadAttention([|5|])] private partial (Tensor Output, Tensor Weights) Attend(Tensor query, Tensor key, Tensor value);",
            "return Attend(decoder, memory, memory);"), "SS0007");
        Assert.Contains("must divide the width 32", message);
    }

    [Fact]
    public void SS0007_when_the_block_takes_one_tensor()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("[MultiheadAttention(4)] private partial (Tensor Output, Tensor Weights) [|Attend|](Tensor query);",
            "return Attend(decoder);"), "SS0007");
        Assert.Contains("takes (query, key, value)", message);
    }

    [Fact]
    public void SS0002_on_a_query_without_a_sequence_dim()
    {
        var markup = Markup.Parse(Model(Attend, "return [|Attend(decoder[.., 0], memory, memory)|];"));
        var run = GeneratorHarness.Run(markup.Source);
        Assert.Contains(run.Diagnostics, d => d.Id == "SS0002");
        Assert.All(run.Diagnostics, d => Assert.NotEqual("SS0099", d.Id));
    }

    [Fact]
    public void A_padded_key_gets_no_attention()
    {
        using var scope = NewDisposeScope();
        var assembly = GeneratorHarness.CompileAndLoad(Model(
            "[MultiheadAttention(4)] private partial (Tensor Output, Tensor Weights) Attend(Tensor query, Tensor key, Tensor value, Tensor? mask, Tensor? padding);",
            "var padding = zeros(memory.shape[0], memory.shape[1], dtype: ScalarType.Bool); padding[.., -1] = true; return Attend(decoder, memory, memory, null, padding);"));
        using var model = (nn.Module<Tensor, Tensor, (Tensor, Tensor)>)Activator.CreateInstance(assembly.GetType("Demo.CrossAttention", throwOnError: true)!)!;
        var (_, weights) = model.call(randn(2, 3, 32), randn(2, 5, 32));
        Assert.Equal(new long[] { 2, 3, 5 }, weights.shape);
        Assert.Equal(0f, weights[.., .., -1].abs().max().item<float>());
        Assert.True(weights.sum(-1).allclose(ones(2, 3), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void A_block_named_Attention_compiles()
    {
        // The generated body's local must not take the block's field name (attention).
        GeneratorHarness.CompileAndLoad(Model("[MultiheadAttention(4)] private partial (Tensor, Tensor) Attention(Tensor query, Tensor key, Tensor value);",
            "return Attention(decoder, memory, memory);"));
    }
}
