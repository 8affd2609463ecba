using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>Reshape(dims...): everything after the batch dim takes the given shape; one -1 is inferred.</summary>
internal sealed class ReshapeRule : LayerRule
{
    public override string Kind => "Reshape";

    public override string FieldType => "global::ShapeSharp.Modules.Reshape";

    public override LayerResult Apply(LayerContext c)
    {
        var target = c.Ints("shape");
        var location = c.LocationOf("shape");
        if (target.Length == 0 || target.Any(d => d == 0 || d < -1) || target.Count(d => d == -1) > 1)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, location, Kind, "shape", "must be positive sizes with at most one -1");
            return LayerResult.Failed;
        }

        if (c.Input.Rank < 1)
        {
            return LayerResult.Failed;
        }

        var elements = c.Input.Dims.Skip(1).Aggregate(Dim.Of(1), (acc, d) => acc * d);
        var known = target.Where(d => d > 0).Aggregate(1L, (acc, d) => checked(acc * d));
        var dims = target.Select(d => Dim.Of(d)).ToArray();
        var inferred = System.Array.IndexOf(target, -1L);
        if (inferred >= 0)
        {
            if (elements.IsConstant && elements.Constant % known != 0)
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, location, Kind, "shape",
                    $"needs a multiple of {known} elements per sample, but the input {c.Input} has {elements}");
                return LayerResult.Failed;
            }

            dims[inferred] = elements.FloorDiv(known);
        }
        else if (Dim.ProvablyDifferent(elements, Dim.Of(known)))
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, location, Kind, "shape",
                $"needs {known} elements per sample, but the input {c.Input} has {elements}");
            return LayerResult.Failed;
        }

        var output = new Shape(new[] { c.Input[0] }.Concat(dims));
        var construction = "new global::ShapeSharp.Modules.Reshape(" + string.Join(", ", target.Select(LayerContext.Literal)) + ")";
        return new LayerResult(output, construction, Dim.Of(0));
    }
}
