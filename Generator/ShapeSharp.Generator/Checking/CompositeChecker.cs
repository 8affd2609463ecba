using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking;

/// <summary>
/// Checks a composite model: interprets the hand-written forward over the declared input shapes,
/// sizing each block from its first call (SS0021 when a later call disagrees) and reporting
/// provable op errors (SS0020).
/// </summary>
internal static class CompositeChecker
{
    private const string TensorType = "global::TorchSharp.torch.Tensor";

    public static CheckedModel Check(ModelSpec spec)
    {
        var diagnostics = spec.Diagnostics.ToList();
        var symbols = new SymbolTable();
        var canEmit = spec.CanGenerate;
        var subModels = ModelChecker.SubModelLookup(spec);

        if (spec.Forward is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelDeclaration, spec.Identifier, spec.Name,
                "has blocks but no forward; write forward by hand, calling the blocks"));
            return Failed(spec, diagnostics);
        }

        if (spec.Layers.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelDeclaration, spec.Identifier, spec.Name,
                "has both a layer stack on the class and a hand-written forward; move the stack into a block (a partial method with the layer attributes)"));
            return Failed(spec, diagnostics);
        }

        var forward = spec.Forward;
        var inputs = Inputs(spec, forward, diagnostics);
        if (inputs is null)
        {
            return Failed(spec, diagnostics);
        }

        var fields = new FieldChecker(spec, diagnostics);
        var host = new BlockHost(spec, diagnostics, symbols, subModels);
        var interpreter = new Interpreter(spec.Helpers, host, diagnostics, fields.Values);
        var result = interpreter.Run(forward.Code, inputs.Select(i => (Value)new TensorValue(i.Shape)).ToList());

        var blocks = new List<BlockPlan>();
        var total = Dim.Of(0);
        foreach (var block in spec.Blocks)
        {
            var plan = host.Finish(block, ref canEmit);
            if (plan is not null)
            {
                canEmit &= FieldsAreFree(spec, block, plan.Value.Plan, diagnostics);
                blocks.Add(plan.Value.Plan);
                total += plan.Value.Parameters;
            }
        }

        blocks = WeightTies.Resolve(spec, blocks, diagnostics);
        var (fieldPlans, fieldParameters, fieldsEmittable) = fields.Finish(symbols,
            blocks.Where(b => !b.Single).Select(b => (b.StateName, $"the layers of block {b.Method} ({b.StateName}.0.weight, ...)")));
        canEmit &= fieldsEmittable;
        total += fieldParameters;
        var output = result as TensorValue;
        var training = TrainingChecks.Plan(spec, output?.Shape, output?.Origin, diagnostics);
        OutputCheck.Run(spec, output?.Shape, output?.Origin, diagnostics, returnsTensor: forward.ReturnType == TensorType);
        var trainable = forward.Parameters.Count == 1 && forward.Parameters[0].Type == TensorType && forward.ReturnType == TensorType;
        canEmit &= !diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        var baseType = "global::TorchSharp.torch.nn.Module<" + string.Join(", ", forward.Parameters.Select(p => p.Type).Concat(new[] { forward.ReturnType })) + ">";
        return new CheckedModel(
            spec.Namespace,
            spec.Name,
            spec.HintName,
            spec.ContainingTypes,
            symbols.EscapedParameters.ToEquatableArray(),
            inputs.Select(i => new InputPlan(i.Name, ModelChecker.ShapeText(i.Spec), ModelChecker.GuardDims(i.Spec, symbols), ModelChecker.DTypeCode(i.Spec.DType))).ToEquatableArray(),
            EquatableArray<LayerPlan>.Empty,
            Describe(result),
            total.IsUnknown ? "0" : symbols.Rename(total.ToString()),
            total.IsConstant ? total.Constant : null,
            training,
            diagnostics.ToEquatableArray(),
            canEmit)
        {
            Composite = new CompositePlan(blocks.ToEquatableArray(), baseType, trainable),
            Fields = fieldPlans.ToEquatableArray(),
            CountedAtRunTime = total.IsUnknown,
            SizeChecks = symbols.Requirements.ToEquatableArray(),
        };
    }

    /// <summary>A generated field named like a member the user wrote would not compile (CS0102): say so at the block.</summary>
    private static bool FieldsAreFree(ModelSpec spec, BlockSpec block, BlockPlan plan, List<DiagnosticInfo> diagnostics)
    {
        var taken = plan.Layers.Select(l => l.Field.TrimStart('@')).FirstOrDefault(f => spec.MemberNames.Contains(f));
        if (taken is null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, block.Location, block.Method, "the block",
            $"generates the field '{taken}' (its state-dict name), which the class already declares; rename the block or that member"));
        return false;
    }

    private static string Describe(Value value) => value switch
    {
        TensorValue tensor => tensor.Shape?.ToString() ?? "?",
        TupleValue tuple => "(" + string.Join(", ", tuple.Items.Select(Describe)) + ")",
        _ => "?",
    };

    /// <summary>[Input]s matched to forward's parameters: by Name when given, else by position.</summary>
    private static List<(InputSpec Spec, string Name, Shape Shape)>? Inputs(ModelSpec spec, ForwardSpec forward, List<DiagnosticInfo> diagnostics)
    {
        if (spec.Inputs.Count != forward.Parameters.Count)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, forward.Code.Location, "forward", "its parameters",
                $"are {forward.Parameters.Count}, but the model declares {spec.Inputs.Count} [Input]; declare one [Input] per parameter, in order"));
            return null;
        }

        var result = new List<(InputSpec, string, Shape)>();
        var sizes = ModelSizes.Of(spec);
        for (var i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            var parameter = forward.Parameters[i].Name;
            if (input.Name is not null && input.Name != parameter)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, input.ShapeLocation, "Input", "Name",
                    $"is \"{input.Name}\", but forward's parameter {i + 1} is '{parameter}'"));
                return null;
            }

            var shape = ModelChecker.ParseInput(input, sizes, diagnostics);
            if (shape is null)
            {
                return null;
            }

            result.Add((input, parameter, shape));
        }

        return result;
    }

    private static CheckedModel Failed(ModelSpec spec, List<DiagnosticInfo> diagnostics) => CheckedModel.Failed(spec, diagnostics);
}
