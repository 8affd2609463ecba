using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// Weight tying, <c>[Linear("vocab", TiedTo = nameof(TokenEmbed))]</c>: the layer shares the
/// weight of a one-layer Embedding or Linear block, whose weight must have the layer's shape
/// [out, in] (SS0001 when it provably does not). Checked once every block is sized, since the
/// shapes come from the forward's calls.
/// </summary>
internal static class WeightTies
{
    public const string Argument = "TiedTo";

    public static List<BlockPlan> Resolve(ModelSpec spec, List<BlockPlan> blocks, List<DiagnosticInfo> diagnostics)
    {
        var resolved = blocks.ToList();
        for (var b = 0; b < resolved.Count; b++)
        {
            var block = resolved[b];
            var layers = spec.Blocks.First(s => s.Method == block.Method).Layers;
            for (var i = 0; i < block.Layers.Count; i++)
            {
                if (layers[i].Find(Argument) is not { } tie)
                {
                    continue;
                }

                var target = Target(spec, blocks, block, tie, diagnostics);
                if (target is null)
                {
                    continue;
                }

                if (block.Lazy || target.Lazy)
                {
                    // The tie is made in the constructor; a block built at its first call has no weight then.
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotInferInputSize, tie.Location, "Linear", "the weight's shape at construction",
                        $"{(block.Lazy ? block : target).InputShape} (block {(block.Lazy ? block : target).Method}, sized at its first call)"));
                    continue;
                }

                var layer = block.Layers[i];
                var mine = ShapeParser.ParseWritten(layer.Weight);
                var theirs = ShapeParser.ParseWritten(target.Layers[0].Weight);
                if (mine is not null && theirs is not null && Shape.ProvablyDifferent(mine, theirs))
                {
                    var input = i == 0 ? block.InputShape : block.Layers[i - 1].OutputShape;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeMismatch, tie.Location, layer.Kind, Argument,
                        $"{target.Method} (weight {theirs})", $"weight {mine}", input));
                    continue;
                }

                var tied = block.Layers.ToArray();
                tied[i] = layer with { TiedTo = target.Layers[0].Field };
                resolved[b] = block = block with { Layers = tied.ToEquatableArray() };
            }
        }

        return resolved;
    }

    /// <summary>A model without blocks has nothing to tie to: say so rather than ignore the argument.</summary>
    public static void RejectInStack(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        foreach (var layer in spec.Layers)
        {
            if (layer.Find(Argument) is { } tie)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, tie.Location, layer.Kind, Argument,
                    "names a block to share a weight with, and a model without blocks has none; declare the layers as blocks and write forward"));
            }
        }
    }

    private static BlockPlan? Target(ModelSpec spec, List<BlockPlan> blocks, BlockPlan block, ArgSpec tie, List<DiagnosticInfo> diagnostics)
    {
        var name = tie.Value.Text ?? string.Empty;
        var target = blocks.FirstOrDefault(t => t.Method == name);
        string? problem = null;
        if (target is null)
        {
            // A block that exists but was not sized already has its own error.
            problem = spec.Blocks.Any(s => s.Method == name)
                ? null
                : $"is \"{name}\", which is not a block of '{spec.Name}'; write nameof(TheBlock) for a one-layer Embedding or Linear block";
        }
        else if (target.Method == block.Method)
        {
            problem = $"ties '{name}' to itself";
        }
        else if (!target.Single || target.Layers[0].Kind is not ("Embedding" or "Linear"))
        {
            problem = $"names '{name}', which must be a block of one Embedding or Linear layer (the weight it shares)";
        }
        else if (spec.Blocks.First(s => s.Method == name).Layers[0].Find(Argument) is not null)
        {
            problem = $"names '{name}', which is itself tied; tie to the block that owns the weight";
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, tie.Location, "Linear", Argument, problem));
        }

        return problem is null ? target : null;
    }
}
