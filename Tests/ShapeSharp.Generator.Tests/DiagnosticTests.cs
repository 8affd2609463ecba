using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests;

/// <summary>One test per diagnostic ID: the source that triggers it, the exact span, the exact message.</summary>
public class DiagnosticTests
{
    private static void Expect(string marked, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var markup = Markup.Parse(marked);
        var run = GeneratorHarness.Run(markup.Source);
        var diagnostic = Assert.Single(run.Diagnostics);
        run.AssertNoNoise();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        GeneratorHarness.AssertAdditional(markup, diagnostic);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("https://", diagnostic.Descriptor.HelpLinkUri);
        Assert.EndsWith("#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
    }

    private const string LeNetStack =
        "[Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2), Flatten, Linear(120, ";

    [Fact]
    public void SS0001_the_classic_LeNet_flatten_size_on_28x28()
    {
        Expect($$"""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            {{LeNetStack}}[|In = 400|])]
            public partial class LeNet;
            """,
            "SS0001", "Linear states In = 400, but its input [B, 256] gives 256");
    }

    [Fact]
    public void SS0001_not_reported_on_32x32_where_400_is_right()
    {
        var run = GeneratorHarness.Run($$"""
            using ShapeSharp;
            [Input("B, 3, 32, 32")]
            {{LeNetStack}}In = 400)]
            public partial class LeNet;
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerProblems);
    }

    [Fact]
    public void SS0022_a_layer_sized_by_a_free_dim_of_the_input()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, T, 64")]
            [[|LayerNorm|], Permute(0, 2, 1), Linear(8)]
            public partial class M;
            """.Replace("[[|LayerNorm|], Permute(0, 2, 1), Linear(8)]", "[LayerNorm, Permute(0, 2, 1), [|Linear(8)|]]"),
            "SS0022", "Linear needs its input feature count, but its input [B, 64, T] gives T, which varies with the free dim T: the layer would work for one value of T only. Make T a constant in [Input], or a model size (Sizes = \"T\")");
    }

    [Fact]
    public void SS0002_conv2d_on_rank_2()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 784")]
            [[|Conv2d(8, Kernel = 3)|]]
            public partial class M;
            """,
            "SS0002", "Conv2d takes input of rank 3 or 4, but gets [B, 784] (rank 2)");
    }

    [Fact]
    public void SS0003_kernel_larger_than_input()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 1, 4, 4")]
            [Conv2d(8, [|Kernel = 5|])]
            public partial class M;
            """,
            "SS0003", "Conv2d makes the height non-positive: input [B, 1, 4, 4] gives [B, 8, 0, 0]");
    }

    [Fact]
    public void SS0004_size_that_cannot_be_inferred()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, ?")]
            [[|Linear(10)|]]
            public partial class M;
            """,
            "SS0004", "Linear needs its input feature count, which its input [B, ?] does not determine; add In = <size>");
    }

    [Fact]
    public void SS0005_class_not_partial()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(2)]
            public class [|M|] { }
            """,
            "SS0005", "Model 'M' must be declared partial so the generator can add its layers and forward");
    }

    [Fact]
    public void SS0006_layers_on_two_partial_declarations()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(2)]
            public partial class M;

            [[|ReLU|]]
            public partial class M;
            """,
            "SS0006", "Layer attributes of model 'M' must all stand on one partial declaration (they give the layer order)");
    }

    [Fact]
    public void SS0007_dropout_outside_0_1()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Dropout([|1.5|])]
            public partial class M;
            """,
            "SS0007", "Dropout: p must be in [0, 1), but is 1.5");
    }

    [Fact]
    public void SS0007_mixed_precision_in_a_type_that_is_not_low_precision()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [[|MixedPrecision(DType.Float64)|]]
            [Linear(2)]
            public partial class M;
            """,
            "SS0007", "MixedPrecision: the compute type must be DType.BFloat16 or DType.Float16 (DType.Float32: no casts until turned on), but is Float64");
    }

    [Fact]
    public void SS0007_sizes_that_overflow_are_an_argument_error_not_a_crash()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 12")]
            [[|Reshape(6, 2147483647, 2147483647)|]]
            public partial class M;
            """,
            "SS0007", "Reshape: the sizes overflow 64-bit integers on input [B, 12]");
    }

    [Fact]
    public void SS0007_a_second_training_attribute_of_a_kind()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(2)]
            [CrossEntropyLoss, [|MSELoss|]]
            public partial class M;
            """,
            "SS0007", "MSELoss: the attribute repeats the model's Loss; a model has one");
    }

    [Fact]
    public void SS0008_unparseable_shape()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 3, [|#|]")]
            [Flatten]
            public partial class M;
            """,
            "SS0008", "Shape \"B, 3, #\" cannot be parsed at column 7: '#' is not a dim (use an integer, a name or ?)");
    }

    [Fact]
    public void SS0010_cross_entropy_on_a_per_token_head()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, T, 16")]
            [{|Linear(5)|}]
            [[|CrossEntropyLoss|]]
            public partial class M;
            """,
            "SS0010", "CrossEntropyLoss cannot take the model's output [B, T, 5]: it reads dim 1 (T) as the classes, but the Linear head put 5 classes on the last dim; add Flatten before the head, or Permute the classes to dim 1");
    }

    [Fact]
    public void SS0011_softmax_before_cross_entropy()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(3), [|Softmax|]]
            [CrossEntropyLoss]
            public partial class M;
            """,
            "SS0011", "Softmax output is fed to CrossEntropyLoss, which applies it again; remove the Softmax layer (or change the loss)",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SS0012_linear_straight_after_a_conv()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 1, 8, 8")]
            [Conv2d(4, Kernel = 3), [|Linear(10)|]]
            public partial class M;
            """,
            "SS0012", "Linear is applied to [B, 4, 6, 6] straight after Conv2d; it acts on the last dim only. Missing Flatten?",
            DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SS0005_a_record_model()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(2)]
            public partial record [|M|];
            """,
            "SS0005", "Model 'M' is a record; a model derives from torch.nn.Module, so declare a class");
    }

    [Fact]
    public void A_struct_model_is_the_compilers_error_alone()
    {
        // [Input] is only valid on classes: CS0592 says so at the attribute, and SS0005 would repeat it.
        var run = GeneratorHarness.Run("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(2)]
            public partial struct M { }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
        Assert.All(run.CompilerProblems, d => Assert.Equal("CS0592", d.Id));
    }

    [Fact]
    public void SS0005_input_without_layers()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            public partial class [|M|];
            """,
            "SS0005", "Model 'M' has [Input] but no layer attributes; add layers such as [Linear(10)]");
    }

    [Fact]
    public void SS0007_two_layers_with_one_name()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(8, Name = "proj"), ReLU, Linear(2, [|Name = "proj"|])]
            public partial class M;
            """,
            "SS0007", "Linear: Name \"proj\" is already used by another layer or by the generated code; names must be unique");
    }

    [Fact]
    public void SS0007_a_block_whose_field_the_class_already_declares()
    {
        Expect("""
            using ShapeSharp;
            using static TorchSharp.torch;
            [Input("B, 4")]
            public partial class M
            {
                private readonly int head = 3;
                [Linear(2)] private partial Tensor [|Head|](Tensor x);
                public override Tensor forward(Tensor x) => Head(x) * head;
            }
            """,
            "SS0007", "Head: the block generates the field 'head' (its state-dict name), which the class already declares; rename the block or that member");
    }

    [Fact]
    public void SS0007_an_input_name_that_is_a_keyword()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4", [|Name = "class"|])]
            [Linear(2)]
            public partial class M;
            """,
            "SS0007", "Input: Name must be a C# identifier that is not a keyword (it names forward's parameter), but is \"class\"");
    }

    [Fact]
    public void SS0007_a_non_finite_real()
    {
        Expect("""
            using ShapeSharp;
            [Input("B, 4")]
            [LeakyReLU([|NegativeSlope = double.PositiveInfinity|])]
            public partial class M;
            """,
            "SS0007", "LeakyReLU: NegativeSlope must be a finite number");
    }

    [Fact]
    public void Layer_names_that_match_generated_or_inherited_members_still_compile()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using ShapeSharp;
            namespace Demo;
            [Input("B, 4", Name = "features")]
            [Linear(8, Name = "forward"), ReLU(Name = "Summary"), Linear(2, Name = "training")]
            public partial class Clash;
            """);
        Assert.NotNull(assembly.GetType("Demo.Clash"));
    }
}
