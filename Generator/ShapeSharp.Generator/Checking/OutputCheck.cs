using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// [Output]: the shape forward states it returns, against the inferred one. Reported at the
/// attribute (where the user stated the contract), with the layer or op that made the output as an
/// additional location; silent wherever the inferred output is unknown.
/// </summary>
internal static class OutputCheck
{
    public static void Run(ModelSpec spec, Shape? output, Origin? maker, List<DiagnosticInfo> diagnostics, bool returnsTensor = true)
    {
        if (spec.Output is not { } declared)
        {
            return;
        }

        if (!returnsTensor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, declared.ShapeLocation, "Output", "the shape",
                "states one tensor, but forward does not return a Tensor; remove [Output]"));
            return;
        }

        var sizes = ModelSizes.Of(spec);
        var expected = ModelChecker.ParseDeclared(declared.Shape, declared.ShapeLocation, declared.ContentOffset, sizes, diagnostics);
        if (expected is null || !SymbolsAreKnown(spec, declared, expected, sizes, diagnostics) || output is null)
        {
            return;
        }

        var difference = Difference(output, expected);
        if (difference is null)
        {
            return;
        }

        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.OutputMismatch, declared.ShapeLocation, spec.Name, output.ToString(), expected.ToString(),
            maker is null ? difference : $"{difference} (made by {maker.Kind})");
        diagnostics.Add(maker is null ? diagnostic : diagnostic with { AdditionalLocations = new[] { maker.Location }.ToEquatableArray() });
    }

    private static string? Difference(Shape output, Shape expected)
    {
        if (output.Rank != expected.Rank)
        {
            return $"it has {output.Rank} dims, not {expected.Rank}";
        }

        for (var i = 0; i < output.Rank; i++)
        {
            if (!RuntimeDims.Any(output[i]) && Dim.ProvablyDifferent(output[i], expected[i]))
            {
                return $"dim {i.ToString(CultureInfo.InvariantCulture)} is {output[i]}, not {expected[i]}";
            }
        }

        return null;
    }

    /// <summary>A symbol named nowhere else would read as a new free dim and fail against every size: say what it should be.</summary>
    private static bool SymbolsAreKnown(ModelSpec spec, OutputSpec declared, Shape expected, ISet<string> sizes, List<DiagnosticInfo> diagnostics)
    {
        var known = ModelSizes.InputSymbols(spec);
        known.UnionWith(sizes);

        var stranger = expected.Dims.SelectMany(d => d.Symbols).FirstOrDefault(s => !known.Contains(s));
        if (stranger is null)
        {
            return true;
        }

        var at = Regex.Match(declared.Shape, @"\b" + Regex.Escape(stranger) + @"\b");
        var location = declared.ContentOffset >= 0 && at.Success
            ? declared.ShapeLocation.Slice(declared.ContentOffset + at.Index, stranger.Length)
            : declared.ShapeLocation;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnparseableShape, location, declared.Shape,
            ((at.Success ? at.Index : 0) + 1).ToString(CultureInfo.InvariantCulture),
            $"{stranger} is neither a dim of [Input] nor a model size; write ? for a dim [Output] does not state"));
        return false;
    }
}
