using System;
using System.IO;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// A model's own Parameter, Module and Tensor fields are registered under their names, as
/// TorchSharp's reflective RegisterComponents would (the generated one replaces it): so they are in
/// parameters() and the state dict, counted, trained, saved, loaded and moved.
/// </summary>
public class FieldRegistrationTests
{
    private const string Sources = CompositeSources.Usings + """
        using TorchSharp.Modules;

        namespace Demo;

        /// <summary>A ViT-style head: a class token and a position table as fields, a module field, a mask buffer.</summary>
        [Input("B, 8, 64")]
        public partial class TokenModel
        {
            private readonly Parameter cls_token = nn.Parameter(zeros(1, 1, 64));
            private readonly Parameter pos_embed = nn.Parameter(randn(1, 9, 64) * 0.02);
            private readonly Linear proj = nn.Linear(10, 10);
            private readonly Tensor mask = ones(9, 9);
            private readonly Tensor scale = ones(64).AsParameter();
            private Parameter? late;
            public static readonly Parameter Shared = nn.Parameter(zeros(3));

            [LayerNorm, Linear(10)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var cls = cls_token.expand(x.shape[0], -1, -1);
                x = cat(new[] { cls, x }, 1) + pos_embed;
                return proj.forward(Head((x * scale)[.., 0]));
            }

            public Parameter? Late => late;

            partial void OnCreated() => late = nn.Parameter(zeros(2));
        }

        /// <summary>Only tensors of known shape: the count stays a compile-time constant.</summary>
        [Input("B, 64")]
        public partial class Counted
        {
            private readonly Parameter bias = nn.Parameter(zeros(64));
            private readonly Tensor gain = new Parameter(ones(2, 32));
            private readonly Tensor running = zeros(64);

            [Linear(64)] private partial Tensor Body(Tensor x);

            public override Tensor forward(Tensor x) => Body(x) * gain.reshape(64) + bias + running;
        }

        /// <summary>A sequential model registers its fields after the stack.</summary>
        [Input("B, 4")]
        [Linear(3)]
        public partial class SequentialWithField
        {
            private readonly Parameter temperature = nn.Parameter(ones(1));
        }
        """;

    private static readonly Lazy<Assembly> Models = new(() => GeneratorHarness.CompileAndLoad(Sources));

    private static nn.Module<Tensor, Tensor> Create(string name) =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Models.Value.GetType("Demo." + name, throwOnError: true)!)!;

    private static long ParameterCount(object model) =>
        model.GetType().GetField("ParameterCount") is { } constant
            ? (long)constant.GetValue(null)!
            : (long)model.GetType().GetProperty("ParameterCount")!.GetValue(model)!;

    [Fact]
    public void Fields_are_registered_under_their_names()
    {
        using var scope = NewDisposeScope();
        using var model = Create("TokenModel");
        var parameters = model.named_parameters().Select(p => p.name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "cls_token", "head.0.bias", "head.0.weight", "head.1.bias", "head.1.weight", "pos_embed", "proj.bias", "proj.weight", "scale" }, parameters);
        Assert.Equal(new[] { "mask" }, model.named_buffers().Select(b => b.name));
        Assert.Equal(parameters.Append("mask").OrderBy(n => n, StringComparer.Ordinal), model.state_dict().Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new long[] { 2, 10 }, model.call(randn(2, 8, 64)).shape);
    }

    [Fact]
    public void A_field_null_at_registration_is_skipped_and_static_fields_are_not_registered()
    {
        // RegisterComponents runs in the constructor before OnCreated: a field must be set by its
        // initialiser (or be [Learned]) to be registered. Documented in docs/composite.md.
        using var model = Create("TokenModel");
        Assert.NotNull(model.GetType().GetProperty("Late")!.GetValue(model));
        Assert.DoesNotContain(model.state_dict().Keys, k => k.Contains("late", StringComparison.Ordinal) || k.Contains("Shared", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TokenModel")]
    [InlineData("Counted")]
    [InlineData("SequentialWithField")]
    public void ParameterCount_is_the_real_count(string name)
    {
        using var model = Create(name);
        Assert.Equal(model.parameters().Sum(p => p.numel()), ParameterCount(model));
    }

    [Fact]
    public void Known_shapes_keep_the_count_a_compile_time_constant_and_a_module_field_makes_it_counted_at_run_time()
    {
        var counted = Models.Value.GetType("Demo.Counted")!.GetField("ParameterCount")!;
        Assert.True(counted.IsLiteral);
        Assert.Equal(64L * 64 + 64 + 64 + 64, (long)counted.GetValue(null)!);
        Assert.True(Models.Value.GetType("Demo.SequentialWithField")!.GetField("ParameterCount")!.IsLiteral);
        Assert.Null(Models.Value.GetType("Demo.TokenModel")!.GetField("ParameterCount"));
    }

    [Fact]
    public void Field_parameters_are_trained()
    {
        using var scope = NewDisposeScope();
        using var model = Create("TokenModel");
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(randn(4, 8, 64)), tensor(new long[] { 0, 1, 2, 3 })).backward();
            optimizer.step();
        }

        var after = model.state_dict();
        foreach (var name in new[] { "cls_token", "pos_embed", "proj.weight", "scale" })
        {
            Assert.False(after[name].allclose(before[name]), $"{name} was not trained");
        }

        Assert.True(after["mask"].eq(before["mask"]).all().item<bool>(), "a buffer is not trained");
    }

    [Fact]
    public void Field_parameters_are_saved_and_loaded()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), "shapesharp-fields-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            using var saved = Create("TokenModel");
            using (no_grad())
            {
                saved.named_parameters().First(p => p.name == "cls_token").parameter.fill_(0.5);
            }

            saved.save(path);
            using var loaded = Create("TokenModel");
            loaded.load(path);
            var expected = saved.state_dict();
            foreach (var (name, value) in loaded.state_dict())
            {
                Assert.True(value.eq(expected[name]).all().item<bool>(), $"{name} was not loaded");
            }

            using (no_grad())
            {
                var input = randn(2, 8, 64);
                saved.eval();
                loaded.eval();
                Assert.True(loaded.call(input).eq(saved.call(input)).all().item<bool>());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fields_move_with_the_model()
    {
        using var scope = NewDisposeScope();
        using var model = Create("TokenModel").to(ScalarType.Float64);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Float64, model.named_buffers().Single().buffer.dtype);

        // forward reads the fields themselves: they hold the moved tensors.
        Assert.Equal(ScalarType.Float64, model.call(randn(new long[] { 2, 8, 64 }, dtype: ScalarType.Float64)).dtype);
    }

    [Fact]
    public void The_summary_lists_each_field()
    {
        using var model = Create("TokenModel");
        var summary = (string)model.GetType().GetMethod("Summary")!.Invoke(model, null)!;
        Assert.Contains("cls_token (Parameter)", summary);
        Assert.Contains("[1, 9, 64]", summary);
        Assert.Contains("proj (Linear)", summary);
        Assert.Contains("mask (Buffer)", summary);
        Assert.Contains("Total params: " + ParameterCount(model).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), summary);
    }

    [Theory]
    [InlineData("Demo.TokenModel.g.cs", "TokenModel")]
    [InlineData("Demo.SequentialWithField.g.cs", "SequentialWithField")]
    public void Generated_source(string hintName, string snapshot)
    {
        var run = GeneratorHarness.Run(Sources);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
        Snapshot.Verify(run.Sources[hintName], snapshot);
    }
}
