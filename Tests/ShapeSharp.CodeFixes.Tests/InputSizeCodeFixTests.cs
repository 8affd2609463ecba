using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using ShapeSharp.CodeFixes.Tests.Infrastructure;

namespace ShapeSharp.CodeFixes.Tests;

/// <summary>SS0001: an explicit In = that disagrees with the inferred size.</summary>
public class InputSizeCodeFixTests
{
    [Fact]
    public Task Set_writes_the_inferred_size() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120, {|SS0001:In = 400|})]
            public partial class LeNet;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120, In = 256)]
            public partial class LeNet;
            """, InputSizeCodeFix.SetKey);

    [Fact]
    public Task Remove_drops_the_argument_and_its_comma() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120, {|SS0001:In = 400|})]
            public partial class LeNet;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120)]
            public partial class LeNet;
            """, InputSizeCodeFix.RemoveKey);

    [Fact]
    public Task Remove_between_other_arguments_keeps_them_tidy() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(8, {|SS0001:In = 3|}, Kernel = 3)]
            public partial class Stem;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(8, Kernel = 3)]
            public partial class Stem;
            """, InputSizeCodeFix.RemoveKey);

    // BatchNorm2d() would be legal but reads like a leftover: the empty parentheses go too.
    [Fact]
    public Task Remove_the_only_argument_drops_the_parentheses() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            [Input("B, 8, 4, 4")]
            [BatchNorm2d({|SS0001:In = 3|}), ReLU]
            public partial class Norm;
            """, """
            using ShapeSharp;
            [Input("B, 8, 4, 4")]
            [BatchNorm2d, ReLU]
            public partial class Norm;
            """, InputSizeCodeFix.RemoveKey);

    // In a block the diagnostic sits on the call that passed the wrong tensor; the In = it
    // contradicts is its additional location, which is what the fix edits.
    [Fact]
    public Task Set_in_a_block_edits_the_argument_named_by_the_diagnostic_at_the_call() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;
            [Input("B, 32")]
            public partial class M
            {
                [Linear(10, {|#1:In = 64|})] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => {|#0:Head(x)|};
            }
            """, """
            using ShapeSharp;
            using TorchSharp;
            using static TorchSharp.torch;
            [Input("B, 32")]
            public partial class M
            {
                [Linear(10, In = 32)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(x);
            }
            """, InputSizeCodeFix.SetKey,
            new DiagnosticResult("SS0001", DiagnosticSeverity.Error).WithLocation(0).WithLocation(1)
                .WithArguments("Linear", "In", "64", "32", "[B, 32]"));

    // Two models in one file, each with its own inferred size: Fix All must write each its own
    // value although both fixes share one equivalence key.
    [Fact]
    public Task Fix_all_sets_each_model_its_own_size() =>
        Verify.Fix<InputSizeCodeFix>("""
            using ShapeSharp;
            [Input("B, 20")]
            [Linear(10, {|SS0001:In = 4|})]
            public partial class First;

            [Input("B, 30")]
            [Linear(10, {|SS0001:In = 4|})]
            public partial class Second;
            """, """
            using ShapeSharp;
            [Input("B, 20")]
            [Linear(10, In = 20)]
            public partial class First;

            [Input("B, 30")]
            [Linear(10, In = 30)]
            public partial class Second;
            """, InputSizeCodeFix.SetKey);

    // The generator leaves Inferred out when the inferred size is not a constant; it always has one
    // for In = today, so this drives the fix directly with a diagnostic made by hand.
    [Theory]
    [InlineData("256", "Set In to 256|Remove In")]
    [InlineData(null, "Remove In")]
    [InlineData("256 +", "Remove In")]
    public async Task Set_is_offered_only_with_an_inferred_literal(string? inferred, string titles)
    {
        const string source = "[Linear(120, In = 400)] class M { }";
        var document = new AdhocWorkspace().AddProject("P", LanguageNames.CSharp).AddDocument("M.cs", source);
        var tree = (await document.GetSyntaxTreeAsync())!;
        var properties = inferred is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add("Inferred", inferred);
        var diagnostic = Diagnostic.Create(
            new DiagnosticDescriptor("SS0001", "title", "message", "ShapeSharp", DiagnosticSeverity.Error, isEnabledByDefault: true),
            Location.Create(tree, new TextSpan(source.IndexOf("In = 400"), "In = 400".Length)),
            properties);

        var offered = new List<CodeAction>();
        await new InputSizeCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None));

        Assert.Equal(titles, string.Join("|", offered.Select(a => a.Title)));
    }
}
