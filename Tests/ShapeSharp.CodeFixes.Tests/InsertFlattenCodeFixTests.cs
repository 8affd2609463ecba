using System.Threading.Tasks;
using ShapeSharp.CodeFixes.Tests.Infrastructure;

namespace ShapeSharp.CodeFixes.Tests;

/// <summary>SS0012: a Linear straight after a conv/pool on rank &gt; 2 input.</summary>
public class InsertFlattenCodeFixTests
{
    [Fact]
    public Task Inserts_before_a_Linear_in_the_middle_of_a_list() =>
        Verify.Fix<InsertFlattenCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), ReLU, MaxPool2d(2), {|SS0012:Linear(10)|}]
            public partial class Net;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), ReLU, MaxPool2d(2), Flatten, Linear(10)]
            public partial class Net;
            """);

    // With a loss, the missing Flatten is SS0010 at the loss (the one diagnostic of that mistake),
    // naming the head as its additional location: the fix inserts Flatten there.
    [Fact]
    public Task Fixes_the_loss_error_that_a_head_missing_its_Flatten_gives() =>
        Verify.Fix<InsertFlattenCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 8, 8")]
            [Conv2d(4, Kernel = 3), {|#1:Linear(10)|}]
            [{|#0:CrossEntropyLoss|}]
            public partial class Net;
            """, """
            using ShapeSharp;
            [Input("B, 1, 8, 8")]
            [Conv2d(4, Kernel = 3), Flatten, Linear(10)]
            [CrossEntropyLoss]
            public partial class Net;
            """, null,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("SS0010", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0).WithLocation(1)
                .WithArguments("CrossEntropyLoss", "[B, 4, 6, 10]", "it reads dim 1 (4) as the classes, but the Linear head put 10 classes on the last dim; add Flatten before the head, or Permute the classes to dim 1"));

    [Fact]
    public Task Inserts_at_the_start_of_the_Linears_list() =>
        Verify.Fix<InsertFlattenCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), ReLU, MaxPool2d(2)]
            [{|SS0012:Linear(10)|}, ReLU]
            public partial class Net;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), ReLU, MaxPool2d(2)]
            [Flatten, Linear(10), ReLU]
            public partial class Net;
            """);

    // A Linear that starts a line of a multi-line list keeps its indentation; Flatten takes its place.
    [Fact]
    public Task Inserts_on_the_Linears_line_in_a_multiline_list() =>
        Verify.Fix<InsertFlattenCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), MaxPool2d(2),
                {|SS0012:ShapeSharp.Linear(10)|}]
            public partial class Net;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [Conv2d(4, Kernel = 3), MaxPool2d(2),
                ShapeSharp.Flatten, ShapeSharp.Linear(10)]
            public partial class Net;
            """);

    [Fact]
    public Task Fix_all_inserts_in_every_model() =>
        Verify.Fix<InsertFlattenCodeFix>("""
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [MaxPool2d(2), {|SS0012:Linear(10)|}]
            public partial class First;

            [Input("B, 3, 8, 8")]
            [Conv2d(4, Kernel = 3)]
            [{|SS0012:Linear(2)|}]
            public partial class Second;
            """, """
            using ShapeSharp;
            [Input("B, 1, 28, 28")]
            [MaxPool2d(2), Flatten, Linear(10)]
            public partial class First;

            [Input("B, 3, 8, 8")]
            [Conv2d(4, Kernel = 3)]
            [Flatten, Linear(2)]
            public partial class Second;
            """);
}
