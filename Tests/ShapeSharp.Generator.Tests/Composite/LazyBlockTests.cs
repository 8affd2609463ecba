using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Data;
using ShapeSharp.Generator.Tests.Infrastructure;
using ShapeSharp.Modules;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// A block whose input the checker cannot know (after a call it does not follow, or never called
/// by forward) is no error: its layers are sized at its first call at run time, as PyTorch's lazy
/// modules, and the runtime makes sure the optimizer sees them.
/// </summary>
public class LazyBlockTests
{
    private const string Source = CompositeSources.Usings + """
        namespace Demo;

        public static class Outside
        {
            public static Tensor Features(Tensor x) => cat(new[] { x, x.square() }, 1);

            public static long Width(Tensor x) => x.shape[1] * 2;
        }

        [Input("B, 6")]
        [CrossEntropyLoss, AdamW(LearningRate = 0.01)]
        public partial class AfterUnknownCall
        {
            [Linear(16), ReLU, Linear(3)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(Outside.Features(x));
        }

        [Input("B, 6")]
        public partial class UnknownWidth
        {
            [LayerNorm, Linear(4)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(cat(new[] { x, x }, 1).reshape(x.shape[0], Outside.Width(x)));
        }

        [Input("B, 6")]
        public partial class StatedIn
        {
            [Linear(5, In = 12)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(Outside.Features(x));
        }

        [Input("B, 6")]
        public partial class SizedHead
        {
            [Linear("classes")] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(Outside.Features(x));
        }

        [Input("B, 6")]
        public partial class WrongIn
        {
            [Linear(5, In = 10)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x) => Head(Outside.Features(x));
        }

        [Input("B, 6")]
        public partial class Unused
        {
            [Linear(5)] private partial Tensor Head(Tensor x);
            [Linear(2)] private partial Tensor Spare(Tensor x);

            public override Tensor forward(Tensor x) => Head(x);

            public Tensor Extra(Tensor x) => Spare(x);
        }
        """;

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static nn.Module<Tensor, Tensor> Create(string name) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!)!;

    private static long Count(object model) => (long)model.GetType().GetProperty("ParameterCount")!.GetValue(model)!;

    [Fact]
    public void A_block_after_a_call_the_checker_does_not_follow_is_no_error()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
        Assert.Contains("private void BuildHead(global::TorchSharp.torch.Tensor x)", run.Sources["Demo.AfterUnknownCall.g.cs"]);
        Assert.Contains("var __inputDim1 = x.shape[^1];", run.Sources["Demo.AfterUnknownCall.g.cs"]);
    }

    [Fact]
    public void Its_layers_exist_after_the_first_call_with_pytorch_names_and_sizes_from_the_input()
    {
        using var scope = NewDisposeScope();
        using var model = Create("AfterUnknownCall");
        var lazy = (ILazilyBuilt)model;
        Assert.False(lazy.IsBuilt);
        Assert.Equal(0, Count(model));
        Assert.Empty(model.parameters());

        Assert.Equal(new long[] { 5, 3 }, model.call(randn(5, 6)).shape);

        Assert.True(lazy.IsBuilt);
        Assert.Equal(new[] { "head.0.weight", "head.0.bias", "head.2.weight", "head.2.bias" }, model.state_dict().Keys.ToArray());
        Assert.Equal(new long[] { 16, 12 }, model.state_dict()["head.0.weight"].shape);
        Assert.Equal(12 * 16 + 16 + 16 * 3 + 3, Count(model));
        Assert.Equal(new long[] { 2, 3 }, model.call(randn(2, 6)).shape);
    }

    [Fact]
    public void A_known_rank_with_an_unknown_dim_reads_that_dim()
    {
        using var scope = NewDisposeScope();
        using var model = Create("UnknownWidth");
        Assert.Equal(new long[] { 3, 4 }, model.call(randn(3, 6)).shape);
        Assert.Equal(new long[] { 12 }, model.state_dict()["head.0.weight"].shape);
    }

    [Fact]
    public void In_sizes_the_block_with_the_model_so_nothing_is_lazy()
    {
        using var scope = NewDisposeScope();
        using var model = Create("StatedIn");
        Assert.IsNotAssignableFrom<ILazilyBuilt>(model);
        Assert.Equal(12 * 5 + 5, model.parameters().Sum(p => p.numel()));
        Assert.Equal(new long[] { 2, 5 }, model.call(randn(2, 6)).shape);
    }

    [Fact]
    public void A_model_size_of_a_lazy_layer_is_kept_for_its_build()
    {
        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo.SizedHead", throwOnError: true)!, 7L)!;
        Assert.Equal(new long[] { 2, 7 }, model.call(randn(2, 6)).shape);
        Assert.Equal(new long[] { 7, 12 }, model.state_dict()["head.weight"].shape);
    }

    [Fact]
    public void In_on_an_input_the_checker_cannot_know_is_checked_when_the_block_runs()
    {
        using var scope = NewDisposeScope();
        using var model = Create("WrongIn");
        var error = Assert.Throws<ShapeMismatchException>(() => model.call(randn(2, 6)));
        Assert.Equal("WrongIn.Head", error.Model);
        Assert.Contains("dim -1: In = 10, got 12", error.Message);
        ((dynamic)model).CheckInputShapes = false;
        Assert.ThrowsAny<Exception>(() => model.call(randn(2, 6)));
    }

    [Fact]
    public void A_block_forward_never_calls_is_built_where_it_is_called()
    {
        using var scope = NewDisposeScope();
        using var model = Create("Unused");
        Assert.Equal(new long[] { 4, 5 }, model.call(randn(4, 6)).shape);
        Assert.False(((ILazilyBuilt)model).IsBuilt);
        var extra = (Tensor)model.GetType().GetMethod("Extra")!.Invoke(model, new object[] { randn(4, 6) })!;
        Assert.Equal(new long[] { 4, 2 }, extra.shape);
        Assert.True(((ILazilyBuilt)model).IsBuilt);
        Assert.Contains("spare.weight", model.state_dict().Keys);
    }

    [Fact]
    public void The_optimizer_is_refused_before_the_first_call_with_what_to_do()
    {
        using var scope = NewDisposeScope();
        using var model = Create("AfterUnknownCall");
        var error = Assert.Throws<InvalidOperationException>(() => ((ITrainable)model).Defaults.CreateOptimizer(model, null));
        Assert.Contains("AfterUnknownCall", error.Message);
        Assert.Contains("Head", error.Message);
        Assert.Contains("run one forward pass", error.Message);
    }

    [Fact]
    public void Trainer_builds_it_on_the_first_batch_and_trains_its_parameters()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = Create("AfterUnknownCall");
        var inputs = randn(64, 6);
        var targets = inputs[.., 0].gt(0).to_type(ScalarType.Int64) + inputs[.., 1].gt(0).to_type(ScalarType.Int64);
        var loader = new DataLoader(new TensorDataset(inputs, targets), 16, shuffle: true, seed: 1);

        var history = new Trainer(new TrainOptions { Epochs = 30 }).Fit((dynamic)model, loader, null);

        Assert.True(((ILazilyBuilt)model).IsBuilt);
        var losses = ((History)history).Epochs.Select(e => e.Values["loss"]).ToList();
        Assert.True(losses[^1] < losses[0] * 0.5, $"loss {losses[0]} -> {losses[^1]}");
    }

    [Fact]
    public void A_weight_tied_to_a_block_sized_at_its_first_call_is_SS0004_at_TiedTo()
    {
        var message = GeneratorHarness.SingleDiagnostic(CompositeSources.Usings + """
            namespace Demo;

            public static class Outside
            {
                public static Tensor Same(Tensor x) => x;
            }

            [Input("B, T", Dtype = DType.Int64)]
            public partial class M
            {
                [Embedding("vocab", 32)] private partial Tensor Embed(Tensor ids);
                [Linear("vocab", Bias = false, [|TiedTo = nameof(Embed)|])] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids) => Head(Outside.Same(Embed(ids)));
            }
            """, "SS0004");
        Assert.Contains("block Head, sized at its first call", message);
    }
}
