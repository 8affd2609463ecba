using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// The training defaults of a model (one per category) and the checks that tie them to the model's
/// output: SS0010 (the loss cannot read the output) and SS0011 (an activation the loss repeats).
/// </summary>
internal static class TrainingChecks
{
    private static readonly HashSet<string> ClassIndexLosses = new() { "CrossEntropyLoss", "NLLLoss", "FocalLoss" };

    /// <param name="head">What made the output: the stack's last layer, a block's last layer, or an op (softmax).</param>
    public static EquatableArray<TrainingPlan> Plan(ModelSpec spec, Shape? output, Forward.Origin? head, List<DiagnosticInfo> diagnostics)
    {
        var plans = new List<TrainingPlan>();
        foreach (var attribute in spec.Training)
        {
            if (plans.Any(p => p.Category == attribute.Category))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, attribute.Location, attribute.Kind, "the attribute",
                    $"repeats the model's {attribute.Category}; a model has one"));
                continue;
            }

            plans.Add(new TrainingPlan(attribute.Category, attribute.Kind, Creation(attribute)));
            if (attribute.Category == AttributeCategory.Loss)
            {
                CheckLoss(attribute, output, head, diagnostics);
            }
        }

        return plans.ToEquatableArray();
    }

    private static void CheckLoss(AttributeSpec loss, Shape? output, Forward.Origin? head, List<DiagnosticInfo> diagnostics)
    {
        if (output is not null && ClassIndexLosses.Contains(loss.Kind))
        {
            if (output.Rank < 2)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossCannotTakeOutput, loss.Location, loss.Kind, output.ToString(),
                    "it needs [N, C] logits (or [N, C, ...]) with the classes on dim 1"));
            }
            else if (output.Rank >= 3 && head is { Kind: "Linear" })
            {
                var wrong = DiagnosticInfo.Create(DiagnosticDescriptors.LossCannotTakeOutput, loss.Location, loss.Kind, output.ToString(),
                    $"it reads dim 1 ({output[1]}) as the classes, but the Linear head put {output.At(-1)} classes on the last dim; add Flatten before the head, or Permute the classes to dim 1")
                    with { AdditionalLocations = new[] { head.Location }.ToEquatableArray() };

                // The head's missing Flatten (SS0012) is this same mistake: one diagnostic, which offers its fix.
                var missing = diagnostics.FindIndex(d => d.Descriptor.Id == DiagnosticDescriptors.MissingFlatten.Id
                    && (d.Location == head.Location || d.AdditionalLocations.Contains(head.Location)));
                if (missing >= 0)
                {
                    diagnostics.RemoveAt(missing);
                    wrong = wrong.With(DiagnosticInfo.MissingFlattenKey, "true");
                }

                diagnostics.Add(wrong);
            }
        }

        var repeated = (head?.Kind, loss.Kind) switch
        {
            ("Softmax" or "softmax", "CrossEntropyLoss") => true,
            ("LogSoftmax" or "log_softmax", "CrossEntropyLoss") => true,
            ("Sigmoid" or "sigmoid", "BCEWithLogitsLoss") => true,
            _ => false,
        };
        if (repeated)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationBeforeLoss, head!.Location, head.Kind, loss.Kind));
        }
    }

    /// <summary>new global::ShapeSharp.XAttribute(positional) { Named = value }: the attribute is the run-time configuration.</summary>
    private static string Creation(AttributeSpec attribute)
    {
        var positional = string.Join(", ", attribute.Args.Where(a => a.Positional).Select(a => a.Value.Literal));
        var named = attribute.Args.Where(a => !a.Positional).Select(a => a.Name + " = " + a.Value.Literal).ToList();
        var creation = "new " + attribute.TypeName + "(" + positional + ")";
        return named.Count == 0 ? creation : creation + " { " + string.Join(", ", named) + " }";
    }
}
