using System.Threading.Tasks;
using ShapeSharp.CodeFixes.Tests.Infrastructure;

namespace ShapeSharp.CodeFixes.Tests;

/// <summary>SS0011: a final activation that the loss applies again.</summary>
public class RemoveActivationCodeFixTests
{
    // The list goes with its line, indentation included; the comment above it stays.
    [Fact]
    public Task Alone_in_its_list_removes_the_list_and_its_line() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            namespace Zoo
            {
                [Input("B, 4")]
                [Linear(10)]
                // probabilities
                [{|SS0011:Softmax|}]
                [CrossEntropyLoss]
                public partial class Classifier;
            }
            """, """
            using ShapeSharp;
            namespace Zoo
            {
                [Input("B, 4")]
                [Linear(10)]
                // probabilities
                [CrossEntropyLoss]
                public partial class Classifier;
            }
            """);

    // The next list moves to where the removed one started, keeping the line's indentation.
    [Fact]
    public Task Alone_in_its_list_at_the_start_of_a_line_hands_the_line_to_the_next_list() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            namespace Zoo
            {
                [Input("B, 4"), Linear(10)]
                [{|SS0011:Softmax|}] [CrossEntropyLoss]
                public partial class Classifier;
            }
            """, """
            using ShapeSharp;
            namespace Zoo
            {
                [Input("B, 4"), Linear(10)]
                [CrossEntropyLoss]
                public partial class Classifier;
            }
            """);

    [Fact]
    public Task Alone_in_its_list_after_another_list_on_the_line_keeps_the_line_end() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(10)] [{|SS0011:LogSoftmax(Dim = 1)|}]
            [CrossEntropyLoss]
            public partial class Classifier;
            """, """
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(10)]
            [CrossEntropyLoss]
            public partial class Classifier;
            """);

    [Fact]
    public Task Last_in_a_list_with_siblings_removes_the_attribute_and_its_comma() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(10), {|SS0011:LogSoftmax|}]
            [CrossEntropyLoss]
            public partial class Classifier;
            """, """
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(10)]
            [CrossEntropyLoss]
            public partial class Classifier;
            """);

    [Fact]
    public Task Between_siblings_leaves_the_rest_of_the_list() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(1), {|SS0011:Sigmoid|}, BCEWithLogitsLoss]
            public partial class Detector;
            """, """
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(1), BCEWithLogitsLoss]
            public partial class Detector;
            """);

    [Fact]
    public Task Fix_all_removes_from_every_model() =>
        Verify.Fix<RemoveActivationCodeFix>("""
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(3), {|SS0011:Softmax|}]
            [CrossEntropyLoss]
            public partial class First;

            [Input("B, 4")]
            [Linear(1)]
            [{|SS0011:Sigmoid|}]
            [BCEWithLogitsLoss]
            public partial class Second;
            """, """
            using ShapeSharp;
            [Input("B, 4")]
            [Linear(3)]
            [CrossEntropyLoss]
            public partial class First;

            [Input("B, 4")]
            [Linear(1)]
            [BCEWithLogitsLoss]
            public partial class Second;
            """);
}
