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
