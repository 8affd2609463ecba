using System;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// A sub-model of several inputs (an encoder layer taking its tokens and their padding mask, as
/// nn.TransformerEncoderLayer does) is a layer too: its block takes the same tensors, each checked
/// against its [Input] at the call.
/// </summary>
public class MultiInputSubModelTests
{
    private const string Source = CompositeSources.Usings + """
        namespace Demo;

        [Input("B, T, 16", Name = "x")]
        [Input("B, T", Name = "mask", Dtype = DType.Bool)]
        public partial class MaskedLayer
        {
            [Linear(16)] private partial Tensor Proj(Tensor x);

            public override Tensor forward(Tensor x, Tensor mask) => x + Proj(x).masked_fill(mask.unsqueeze(-1), 0.0);
        }

        [Input("B, T, 16", Name = "x")]
        [Input("B, T", Name = "mask", Dtype = DType.Bool)]
        public partial class Encoder
        {
            [Layer<MaskedLayer>] private partial Tensor First(Tensor x, Tensor mask);
            [Layer<MaskedLayer>] private partial Tensor Second(Tensor x, Tensor mask);
            [Linear(3)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x, Tensor mask) => Head(Second(First(x, mask), mask).mean(new long[] { 1 }));
        }
        """;

    [Fact]
    public void Builds_with_no_diagnostic_and_runs_with_the_inferred_output()
    {
        var assembly = GeneratorHarness.CompileAndLoad(Source);
        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor, Tensor>)Activator.CreateInstance(assembly.GetType("Demo.Encoder", throwOnError: true)!)!;
        var output = model.call(randn(2, 5, 16), zeros(2, 5, dtype: ScalarType.Bool));
        Assert.Equal(new long[] { 2, 3 }, output.shape);
        Assert.Equal("[B, 3]", (string)assembly.GetType("Demo.Encoder")!.GetField("OutputShape")!.GetValue(null)!);
        Assert.Contains("first.proj.weight", model.state_dict().Keys);
    }

    [Fact]
    public void A_mask_of_the_wrong_length_is_SS0001_at_the_call()
    {
        var message = GeneratorHarness.SingleDiagnostic(Source.Replace("[Layer<MaskedLayer>] private partial Tensor Second", "[Layer<{|MaskedLayer|}>] private partial Tensor Second")
            .Replace("Head(Second(First(x, mask), mask)", "Head([|Second(First(x, mask), mask[.., 1..])|]"), "SS0001");
        Assert.Equal("MaskedLayer states [Input] mask = [B, T], but its input at this call gives [B, T - 1]", message);
    }

    [Fact]
    public void Its_block_must_take_as_many_tensors()
    {
        var message = GeneratorHarness.SingleDiagnostic(Source.Replace("[Layer<MaskedLayer>] private partial Tensor First(Tensor x, Tensor mask);", "[Layer<[|MaskedLayer|]>] private partial Tensor First(Tensor x);")
            .Replace("First(x, mask)", "First(x)"), "SS0007");
        Assert.Contains("takes 2 tensor(s) (x [B, T, 16]; mask [B, T]); declare its block with as many Tensor parameters", message);
    }
}
