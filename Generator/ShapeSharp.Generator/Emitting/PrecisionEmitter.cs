using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Layers;

namespace ShapeSharp.Generator.Emitting;

/// <summary>
/// The casts of [MixedPrecision] (autocast's policy, written out): a matmul-class layer's call
/// becomes <c>Autocast.Run</c>, and a float32 layer gets its input cast back first, unless the
/// activation is known to be float32 already. Models without the attribute get none of this.
/// </summary>
internal static class PrecisionEmitter
{
    private const string ComputeTypeField = "_computeType";

    public static bool Carries(CheckedModel model) => model.Spec?.MixedPrecision is not null;

    /// <summary>The interface the class implements, with a leading comma, or nothing.</summary>
    public static string Interface(CheckedModel model) => Carries(model) ? ", global::ShapeSharp.IMixedPrecision" : string.Empty;

    /// <summary>The constructor's last statement before OnCreated: the declared compute type, for this model and the models it holds.</summary>
    public static void WriteConstructorLine(SourceWriter writer, CheckedModel model)
    {
        if (model.Spec?.MixedPrecision?.ComputeType is { } type)
        {
            writer.Line($"    ComputeType = global::TorchSharp.torch.ScalarType.{type};");
        }
    }

    public static void WriteMembers(SourceWriter writer, CheckedModel model)
    {
        if (!Carries(model))
        {
            return;
        }

        var declared = model.Spec!.MixedPrecision!.ComputeType;
        writer.Line($"private global::TorchSharp.torch.ScalarType? {ComputeTypeField};");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The type Linear and the convolutions compute in ([MixedPrecision]" + (declared is null ? "; null until a model holding this one, this property or TrainOptions.Precision sets it" : $": {declared}") + "),");
        writer.Line("/// or null: every layer in the parameters' dtype. Setting it sets every model this one holds.");
        writer.Line("/// </summary>");
        writer.Line("public global::TorchSharp.torch.ScalarType? ComputeType");
        writer.Line("{");
        writer.Line($"    get => {ComputeTypeField};");
        writer.Line("    set => global::ShapeSharp.Autocast.Apply(this, value);");
        writer.Line("}");
        writer.Line();
        writer.Line($"void global::ShapeSharp.IMixedPrecision.SetOwnComputeType(global::TorchSharp.torch.ScalarType? computeType) => {ComputeTypeField} = computeType;");
        writer.Line();
    }

    /// <summary>
    /// A stack's statements with the casts: each layer's call (from <paramref name="call"/>) and,
    /// before a float32 layer, the cast of <paramref name="x"/> (of every tensor in
    /// <paramref name="inputs"/> for the first layer).
    /// </summary>
    /// <param name="inputFull">The incoming tensor is float32 (a guarded model input), so no cast is needed before a first float32 layer.</param>
    public static IEnumerable<(string Code, string? Comment)> Statements(
        CheckedModel model, IReadOnlyList<LayerPlan> layers, string x, IReadOnlyList<string> inputs, bool inputFull,
        System.Func<LayerPlan, int, string> call, System.Func<string, int, string> statement)
    {
        if (!Carries(model))
        {
            return layers.Select((layer, i) => (statement(call(layer, i), i), (string?)layer.OutputShape));
        }

        var lines = new List<(string, string?)>();
        bool? low = inputFull ? false : null;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var rule = LayerCatalog.Find(layer.Kind);
            switch (rule?.Precision)
            {
                case LayerPrecision.Low:
                    lines.Add((statement($"global::ShapeSharp.Autocast.Run({Module(call(layer, i))}, {x}, {ComputeTypeField})", i), (string?)layer.OutputShape));
                    low = true;
                    continue;
                case LayerPrecision.Full when low != false:
                    foreach (var tensor in i == 0 ? inputs : new[] { x })
                    {
                        lines.Add(($"{tensor} = global::ShapeSharp.Autocast.Full({tensor}, {ComputeTypeField});", rule.FullNote));
                    }

                    low = false;
                    break;
            }

            lines.Add((statement(call(layer, i), i), layer.OutputShape));
        }

        return lines;
    }

    /// <summary>
    /// Float32 casts of a one-layer block whose rule writes its own body (an attention module behind
    /// a batch-first block): every tensor it takes.
    /// </summary>
    public static IEnumerable<string> BodyCasts(CheckedModel model, LayerPlan layer, IReadOnlyList<string> inputs) =>
        Carries(model) && LayerCatalog.Find(layer.Kind) is { Precision: LayerPrecision.Full } rule
            ? inputs.Select(t => $"{t} = global::ShapeSharp.Autocast.Full({t}, {ComputeTypeField});  // {rule.FullNote}")
            : Enumerable.Empty<string>();

    /// <summary>The module a call names (<c>head_1.forward(x)</c>, <c>F(head_1, x)</c> -> <c>head_1</c>): Autocast.Run takes the layer and does the rest.</summary>
    private static string Module(string call)
    {
        var forward = call.IndexOf(".forward(", System.StringComparison.Ordinal);
        if (forward >= 0)
        {
            return call.Substring(0, forward);
        }

        var open = call.IndexOf('(') + 1;
        return call.Substring(open, call.IndexOf(',', open) - open);
    }
}
