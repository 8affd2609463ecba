using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// LSTM, GRU, RNN on [B, T, F] (batch-first by default) or [T, B, F]: output [.., hidden * directions],
/// final states [layers * directions, B, hidden]. Parameters per layer and direction:
/// gates * hidden * (input + hidden), plus two bias vectors of gates * hidden.
/// </summary>
internal sealed class RecurrentRule : LayerRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    private readonly int _gates;

    public RecurrentRule(string kind, int gates)
    {
        Kind = kind;
        _gates = gates;
    }

    public override string Kind { get; }

    /// <summary>TorchSharp's recurrent modules return (output, states) and RNN's takes h0 explicitly: a stack wants the output.</summary>
    public override string Call(string field, string input) => field + ".forward(" + input + ", null).Item1";

    public override bool HasStates => true;

    /// <summary>The block's second parameter is the initial state; without one it is null (RNN's forward has no default).</summary>
    public override string BlockCall(string field, System.Collections.Generic.IReadOnlyList<string> parameters, bool whole) =>
        field + ".forward(" + parameters[0] + ", " + (parameters.Count > 1 ? parameters[1] : "null") + ")" + (whole ? string.Empty : ".Item1");

    public override LayerResult Apply(LayerContext c)
    {
        var hidden = c.Size("hiddenSize");
        var layers = c.Int("Layers", 1, 1);
        var bidirectional = c.Bool("Bidirectional", false);
        var batchFirst = c.Bool("BatchFirst", true);
        var dropout = c.Probability("Dropout", 0);
        var bias = c.Bool("Bias", true);

        if (!c.RequireRank(3))
        {
            return LayerResult.Failed;
        }

        var input = c.InputSize(-1, "its input feature count");
        var directions = bidirectional ? 2 : 1;
        var construction = Factory(new Arguments()
            .Add(c.Code(input))
            .Add(c.Code(hidden))
            .Named("numLayers", layers, 1)
            .Named("bias", bias, true)
            .Named("batchFirst", batchFirst, false)
            .Named("dropout", dropout, 0)
            .Named("bidirectional", bidirectional, false).ToString());

        var parameters = Dim.Of(0);
        for (var layer = 0; layer < layers; layer++)
        {
            var layerInput = layer == 0 ? input : hidden * directions;
            var perDirection = hidden * _gates * (layerInput + hidden) + (bias ? hidden * (2 * _gates) : Dim.Of(0));
            parameters += perDirection * directions;
        }

        var batch = batchFirst ? c.Input[0] : c.Input[1];
        var output = c.Input.With(-1, hidden * directions);
        var state = new Shape(new[] { Dim.Of(layers * directions), batch, hidden });
        var states = Kind == "LSTM" ? new[] { state, state } : new[] { state };
        return new LayerResult(output, construction, parameters, c.Input.NoteAt(-1), States: states);
    }
}
