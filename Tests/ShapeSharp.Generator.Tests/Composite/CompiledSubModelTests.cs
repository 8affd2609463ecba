using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// [Layer&lt;T&gt;] where T was compiled by ShapeSharp into another assembly: the user's project sees
/// only metadata, so the check reads T's generated InputShape/OutputShape/ParameterCount.
/// </summary>
public class CompiledSubModelTests
{
    private const string Library = CompositeSources.Usings + """
        namespace Blocks;

        [Input("B, T, 64")]
        public partial class EncoderLayer
        {
            [LayerNorm, Linear(192)] private partial Tensor Qkv(Tensor x);
            [Linear(64)] private partial Tensor Proj(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var qkv = Qkv(x).chunk(3, dim: -1);
                return x + Proj(scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]));
            }
        }

        [Input("B, width")]
        [Linear("width"), ReLU]
        public partial class Widening;

        [Input("B, 16")]
        [Linear("hidden")]
        public partial class Projection;
        """;

    private static string Application(string width) => CompositeSources.Usings + $$"""
        namespace App;

        [Input("B, T", Dtype = DType.Int64)]
        public partial class Classifier
        {
            [Embedding(50, {{width}})] private partial Tensor Embed(Tensor ids);
            [Layer<Blocks.EncoderLayer>(Repeat = 2)] private partial Tensor Layers(Tensor x);
            [Linear(3)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor ids) => Head(Layers(Embed(ids)).mean([1]));
        }
        """;

    private static readonly System.Lazy<(MetadataReference Reference, byte[] Image)> Compiled = new(() =>
    {
        var run = GeneratorHarness.Run(Library);
        Assert.Empty(run.Diagnostics);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return (MetadataReference.CreateFromImage(image.ToArray()), image.ToArray());
    });

    private static GeneratorRun RunApplication(string source) =>
        GeneratorHarness.Run(GeneratorHarness.Compilation(source).AddReferences(Compiled.Value.Reference), GeneratorHarness.Driver());

    [Fact]
    public void A_compiled_sub_model_is_checked_sized_and_runs()
    {
        var run = RunApplication(Application("64"));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("Repeated<global::Blocks.EncoderLayer>", run.Source);

        using var image = new MemoryStream();
        Assert.True(run.Output.Emit(image).Success);
        var context = new AssemblyLoadContext("compiled-sub-model");
        var library = context.LoadFromStream(new MemoryStream(Compiled.Value.Image));
        context.Resolving += (_, name) => name.Name == library.GetName().Name ? library : null;
        image.Position = 0;
        var application = context.LoadFromStream(image);

        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor>)System.Activator.CreateInstance(application.GetType("App.Classifier", throwOnError: true)!)!;
        Assert.Equal(new long[] { 4, 3 }, model.call(randint(0, 50, new long[] { 4, 6 }, dtype: ScalarType.Int64)).shape);
        Assert.Contains("layers.1.qkv.1.weight", model.state_dict().Keys);
        // The compile-time count used the library's ParameterCount constant, times the repeat.
        var counted = model.parameters().Sum(p => p.numel());
        Assert.Equal(counted, (long)application.GetType("App.Classifier")!.GetField("ParameterCount")!.GetValue(null)!);
    }

    [Fact]
    public void A_compiled_sub_model_fed_the_wrong_width_is_SS0001_at_the_call_naming_its_type_argument()
    {
        var source = Application("32").Replace("Layer<Blocks.EncoderLayer>", "Layer<{|Blocks.EncoderLayer|}>").Replace("Head([|Layers(Embed(ids))", "Head(Layers(Embed(ids))");
        source = source.Replace("Head(Layers(Embed(ids)).mean([1]))", "Head([|Layers(Embed(ids))|].mean([1]))");
        var message = GeneratorHarness.SingleDiagnostic(source, "SS0001", RunApplication);
        Assert.Equal("EncoderLayer states [Input] = [B, T, 64], but its input at this call gives [B, T, 32]", message);
    }

    [Fact]
    public void A_compiled_sub_models_sizes_come_from_its_input_or_become_the_callers()
    {
        var run = RunApplication(CompositeSources.Usings + """
            namespace App;

            [Input("B, 16")]
            public partial class Wide
            {
                [Layer<Blocks.Widening>] private partial Tensor Body(Tensor x);
                [Layer<Blocks.Projection>] private partial Tensor Project(Tensor x);

                public override Tensor forward(Tensor x) => Project(Body(x));
            }
            """);
        Assert.Empty(run.Diagnostics);
        // width is Widening's input dim, 16 here; hidden is no input dim, so Wide is given it.
        Assert.Contains("new global::Blocks.Widening(16)", run.Source);
        Assert.Contains("public Wide(long hidden)", run.Source);
        Assert.Contains("new global::Blocks.Projection(hidden)", run.Source);
    }

    [Fact]
    public void A_compiled_module_not_made_by_ShapeSharp_is_rejected()
    {
        var message = GeneratorHarness.SingleDiagnostic(CompositeSources.Usings + """
            namespace App;

            [Input("B, 16")]
            public partial class M
            {
                [Layer<[|TorchSharp.Modules.Identity|]>] private partial Tensor Body(Tensor x);

                public override Tensor forward(Tensor x) => Body(x);
            }
            """, "SS0007", RunApplication);
        Assert.Contains("compiled by ShapeSharp", message);
    }
}
