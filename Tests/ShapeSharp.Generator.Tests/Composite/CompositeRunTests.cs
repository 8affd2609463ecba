using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>Composite models generated, compiled and run: the real shapes are the inferred ones, names match PyTorch's.</summary>
public class CompositeRunTests
{
    private static readonly Lazy<Assembly> Models = new(() =>
        GeneratorHarness.CompileAndLoad(CompositeSources.TinyEncoder, CompositeSources.Recurrent));

    private static T Create<T>(string name, params object[] arguments) =>
        (T)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!, arguments)!;

    private static string Constant(string name, string field) =>
        (string)Models.Value.GetType("Demo." + name)!.GetField(field)!.GetValue(null)!;

    [Fact]
    public void Tiny_encoder_runs_with_the_inferred_output_shape_and_pytorch_names()
    {
        using var scope = NewDisposeScope();
        using var model = Create<nn.Module<Tensor, Tensor>>("TinyEncoder", 50L, 3L);
        var output = model.call(randint(0, 50, new long[] { 2, 7 }, dtype: ScalarType.Int64));
        Assert.Equal(new long[] { 2, 3 }, output.shape);
        Assert.Equal("[B, classes]", Constant("TinyEncoder", "OutputShape"));
        var names = model.state_dict().Keys.ToList();
        Assert.Contains("embed.weight", names);
        Assert.Contains("layers.1.qkv.1.weight", names);
        Assert.Contains("layers.0.mlp.3.bias", names);
        Assert.Contains("head.1.weight", names);
        var counted = model.parameters().Sum(p => p.numel());
        Assert.Equal(counted, (long)model.GetType().GetProperty("ParameterCount")!.GetValue(model)!);
    }

    [Fact]
    public void Encoder_layer_infers_its_output_and_is_guarded_on_call()
    {
        using var scope = NewDisposeScope();
        using var layer = Create<nn.Module<Tensor, Tensor>>("EncoderLayer");
        Assert.Equal("[B, T, 64]", Constant("EncoderLayer", "OutputShape"));
        Assert.Equal(new long[] { 3, 5, 64 }, layer.call(randn(3, 5, 64)).shape);
        var error = Assert.Throws<ShapeMismatchException>(() => layer.call(randn(3, 5, 32)));
        Assert.Contains("EncoderLayer", error.Message);
        Assert.Contains("[3, 5, 32]", error.Message);
    }

    [Fact]
    public void Recurrent_blocks_give_their_tuple_outputs()
    {
        using var scope = NewDisposeScope();
        using var classifier = Create<nn.Module<Tensor, Tensor>>("BiLstmClassifier");
        Assert.Equal(new long[] { 4, 5 }, classifier.call(randint(0, 100, new long[] { 4, 9 }, dtype: ScalarType.Int64)).shape);
        Assert.Equal("[B, 5]", Constant("BiLstmClassifier", "OutputShape"));

        using var seq2seq = Create<nn.Module<Tensor, Tensor, Tensor>>("GruSeq2Seq");
        Assert.Equal(new long[] { 2, 6, 16 }, seq2seq.call(randn(2, 11, 16), randn(2, 6, 16)).shape);
        Assert.Equal("[B, T, 16]", Constant("GruSeq2Seq", "OutputShape"));
    }

    [Fact]
    public void OnCreated_runs_last_in_the_constructor()
    {
        using var scope = NewDisposeScope();
        var assembly = GeneratorHarness.CompileAndLoad(CompositeSources.Usings + """
            namespace Demo;

            [Input("B, 4")]
            public partial class Initialised
            {
                [Linear(3)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(x);

                partial void OnCreated()
                {
                    using var noGrad = no_grad();
                    foreach (var p in parameters())
                    {
                        p.fill_(0.25);
                    }
                }
            }
            """);
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(assembly.GetType("Demo.Initialised", throwOnError: true)!)!;
        Assert.Equal(0.25f * 4 + 0.25f, model.call(ones(1, 4))[0, 0].item<float>());
    }

    [Fact]
    public void The_training_step_of_a_composite_model_checks_its_input()
    {
        // TrainStep calls forward directly, past the pre-hook: it must run the guard itself.
        using var scope = NewDisposeScope();
        using var layer = Create<nn.Module<Tensor, Tensor>>("EncoderLayer");
        using var optimizer = optim.SGD(layer.parameters(), 0.01);
        var context = new ShapeSharp.Training.TrainContext(layer, optimizer, (output, target) => nn.functional.mse_loss(output, target));
        var step = layer.GetType().GetMethod("TrainStep")!;
        var loss = (float)step.Invoke(layer, new object[] { context, randn(2, 3, 64), randn(2, 3, 64) })!;
        Assert.True(float.IsFinite(loss));
        var error = Assert.Throws<TargetInvocationException>(() => step.Invoke(layer, new object[] { context, randn(2, 3, 32), randn(2, 3, 32) }));
        Assert.IsType<ShapeMismatchException>(error.InnerException);
    }
}
