using System;
using System.Linq;
using System.Reflection;
using ShapeSharp.Generator.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>
/// The symbols of [Input] are free dims, any positive value at run time: an op or layer that works
/// for one value of them only is an error at that op (or at the call that passed the tensor); a
/// symbol named as a size is a constructor parameter instead.
/// </summary>
public class FreeDimTests
{
    private static string Model(string input, string blocks, string body) => CompositeSources.Usings + $$"""
        namespace Demo;

        [Input("{{input}}")]
        public partial class M
        {
            {{blocks}}

            public override Tensor forward(Tensor x)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public void Attention_scores_without_a_transpose_pin_the_sequence_length()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, T, 256", string.Empty, "return [|x.matmul(x)|].softmax(-1);"), "SS0020");
        Assert.Equal("matmul: [B, T, 256] @ [B, T, 256]: the inner dims differ (256 vs T); did you mean to transpose the right operand?", message);
    }

    [Fact]
    public void A_residual_across_a_padding_conv_differs_by_two_steps()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, 16, T", "[Conv1d(16, Kernel = 1, Padding = 1)] private partial Tensor Mix(Tensor x);",
            "return [|x + Mix(x)|];"), "SS0020");
        Assert.Contains("[B, 16, T] and [B, 16, T + 2]", message);
    }

    [Fact]
    public void Concatenating_on_the_batch_dim_doubles_it()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, 32", string.Empty,
            "var both = cat(new[] { x, x }, 0); return [|both * x|];"), "SS0020");
        Assert.Contains("2 * B", message);
    }

    [Fact]
    public void A_block_stating_In_is_told_at_the_call_that_passes_the_batch_concatenation()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, 32", "[Linear(10, {|In = 64|})] private partial Tensor Head(Tensor x);",
            "return [|Head(cat(new[] { x, x }, 0))|];"), "SS0001");
        Assert.Equal("Linear states In = 64, but its input [2 * B, 32] gives 32", message);
    }

    [Fact]
    public void A_view_that_takes_the_batch_into_its_minus_one_must_divide_for_every_batch()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, 1, 28, 28", string.Empty, "return [|x.view(-1, 748)|];"), "SS0020");
        Assert.Equal("view: [B, 1, 28, 28] has 784 * B elements, which [-1, 748] cannot hold for every B: with B = 1, 784 is not a multiple of 748", message);
    }

    [Fact]
    public void A_view_that_pairs_a_free_dim_with_the_batch_given_is_left_alone()
    {
        // Pairing tokens needs an even T; with B written out, the -1 takes only T: not a provable mistake.
        var run = GeneratorHarness.Run(Model("B, T, 64", string.Empty, "return x.view(x.shape[0], -1, 2, 64);"));
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void A_sum_over_the_wrong_dim_leaves_a_Linear_sized_by_the_sequence_length()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, T, 64", "{|[Linear(10)]|} private partial Tensor Head(Tensor x);".Replace("{|[", "[{|").Replace("]|}", "|}]"),
            "return [|Head(x.sum(2))|];"), "SS0022");
        Assert.Equal("Linear needs its input feature count, but its input [B, T] gives T, which varies with the free dim T: the layer would work for one value of T only. Make T a constant in [Input], or a model size (Sizes = \"T\")", message);
    }

    [Fact]
    public void A_negative_index_into_shape_is_the_compilers_warning_alone()
    {
        // PyTorch's x.shape[-1] throws in C#: CS0251 says so, and the checker no longer reads it as the last dim.
        var run = GeneratorHarness.Run(Model("B, T, 64", string.Empty, "return x.view(x.shape[0], x.shape[-1], -1);"));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(new[] { "CS0251" }, run.CompilerProblems.Select(d => d.Id).ToArray());
        Assert.Contains("OutputShape = \"[B, ?, ?]\"", run.Source);
    }

    [Fact]
    public void An_index_past_the_chunks_is_SS0020()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, T, 64", string.Empty, "var halves = x.chunk(2, -1); return [|halves[2]|];"), "SS0020");
        Assert.Equal("index: [2] is out of range for an array of 2", message);
    }

    [Fact]
    public void Hat_indices_into_shape_and_chunks_read_from_the_end()
    {
        var run = GeneratorHarness.Run(Model("B, T, 64", "[Linear(8)] private partial Tensor Head(Tensor x);",
            "var halves = x.chunk(2, -1); return Head(halves[^1]).view(x.shape[0], x.shape[^2], 8);"));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("OutputShape = \"[B, T, 8]\"", run.Source);
    }

    [Fact]
    public void A_batch_without_its_channel_dim_is_not_taken_as_an_unbatched_image()
    {
        var message = GeneratorHarness.SingleDiagnostic(Model("B, 28, 28", "[{|Conv2d(8, Kernel = 3)|}] private partial Tensor Stem(Tensor x);",
            "return [|Stem(x)|];"), "SS0002");
        Assert.Equal("Conv2d takes input of rank 4 (or 3, unbatched, with a constant channel count), but gets [B, 28, 28] (rank 3)", message);
    }

    [Fact]
    public void An_unbatched_image_with_a_constant_channel_count_is_accepted()
    {
        var run = GeneratorHarness.Run(Model("1, 28, 28", "[Conv2d(8, Kernel = 3)] private partial Tensor Stem(Tensor x);", "return Stem(x);"));
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }

    [Fact]
    public void A_sequential_stack_sized_by_a_free_dim_is_reported_at_the_layer()
    {
        var message = GeneratorHarness.SingleDiagnostic("""
            using ShapeSharp;
            [Input("B, F")]
            [[|Linear(10)|]]
            public partial class M;
            """, "SS0022");
        Assert.Contains("its input [B, F] gives F, which varies with the free dim F", message);
    }

    [Fact]
    public void Sizes_makes_an_input_symbol_a_constructor_parameter_the_guard_checks()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using ShapeSharp;
            namespace Demo;
            [Input("B, F", Sizes = "F")]
            [Linear(10)]
            public partial class M;
            """);
        using var scope = NewDisposeScope();
        using var model = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(assembly.GetType("Demo.M", throwOnError: true)!, 6L)!;
        Assert.Equal(new long[] { 3, 10 }, model.call(randn(3, 6)).shape);
        var error = Assert.Throws<ShapeMismatchException>(() => model.call(randn(3, 7)));
        Assert.Contains("[3, 7]", error.Message);
    }

    [Fact]
    public void A_sub_models_size_bound_to_a_free_dim_of_the_caller_is_reported_at_the_call()
    {
        var message = GeneratorHarness.SingleDiagnostic(CompositeSources.Usings + """
            namespace Demo;

            [Input("B, C, H, W")]
            [Conv2d("C", Kernel = 3, Padding = 1), ReLU]
            public partial class Same;

            [Input("B, C, H, W")]
            public partial class M
            {
                [{|Layer<Same>|}] private partial Tensor Body(Tensor x);

                public override Tensor forward(Tensor x) => [|Body(x)|];
            }
            """, "SS0022");
        Assert.Contains("its size C (a constructor parameter of Same)", message);
    }

    public static readonly string[] Correct =
    {
        // Free dims used the way they are meant: any value, never pinned.
        "var s = x.matmul(x.transpose(1, 2)) / 16; return s.softmax(-1).matmul(x);",
        "var t = x.size(1); var mask = ones(t, t).tril(); return x + mask.matmul(x);",
        "return x.view(x.shape[0], x.shape[1], 4, -1).transpose(1, 2).reshape(x.shape[0], x.shape[1], -1);",
        "return cat(new[] { x, x }, 1).narrow(1, 0, x.shape[1]);",
        "return x + x.mean(new long[] { 1 }, keepdim: true);",
        "return x * x[.., ..1];",
        "return x[.., 1..] - x[.., ..^1][.., ..1];",
        "return x.flatten(0, 1).view(x.shape[0], -1, 256);",
    };

    public static TheoryData<int> CorrectIndices() => new(Enumerable.Range(0, Correct.Length));

    [Theory]
    [MemberData(nameof(CorrectIndices))]
    public void Correct_uses_of_free_dims_give_no_diagnostic(int index)
    {
        var run = GeneratorHarness.Run(Model("B, T, 256", string.Empty, Correct[index]));
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
    }
}
