using System.Collections.Generic;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Checking.Forward;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>
/// One layer kind, self-contained: its argument checks, its shape rule and the TorchSharp code that
/// constructs it. Its attribute class lives beside it in Runtime/Layers.
/// </summary>
internal abstract class LayerRule
{
    protected const string Nn = "global::TorchSharp.torch.nn.";

    /// <summary>The attribute class name without "Attribute" ("Conv2d").</summary>
    public abstract string Kind { get; }

    /// <summary>The field's type: a TorchSharp module by default.</summary>
    public virtual string FieldType => "global::TorchSharp.Modules." + Kind;

    /// <summary>Conv and pool layers: SS0012 warns when a Linear follows them on rank &gt; 2 input.</summary>
    public virtual bool IsSpatial => false;

    /// <summary>Layers that keep the shape and are skipped when SS0012 looks back (activations, dropout, norms).</summary>
    public virtual bool IsTransparent => false;

    /// <summary>
    /// A layer of several inputs (CosineSimilarity): the only layer of its block, called with every
    /// tensor the block takes (<see cref="Checking.LayerContext.ExtraInputs"/> are the others).
    /// </summary>
    public virtual bool TakesBlockArguments => false;

    /// <summary>
    /// The layer returns (output, states...) and takes an initial state as its block's second
    /// argument (LSTM, GRU, RNN); <see cref="LayerResult.States"/> are the states' shapes.
    /// </summary>
    public virtual bool HasStates => false;

    /// <summary>
    /// Where the layer runs under [MixedPrecision] (autocast's policy): matmul-class layers in the
    /// compute type, layers with float32 parameters or sensitive numerics in float32, the rest in
    /// whatever comes in.
    /// </summary>
    public virtual LayerPrecision Precision => LayerPrecision.AsInput;

    /// <summary>The comment on the float32 cast before a <see cref="LayerPrecision.Full"/> layer.</summary>
    public virtual string FullNote => Kind + " runs in float32";

    /// <summary>The layer takes integer indices (Embedding, EmbeddingBag): a model starting with it needs an integer input.</summary>
    public virtual bool TakesIndices => false;

    /// <summary>
    /// Checks the arguments against the input shape and returns the output shape and construction;
    /// the output is null when an error made it unknowable (the error is reported first).
    /// </summary>
    public abstract LayerResult Apply(LayerContext context);

    /// <summary>
    /// The call of the layer in a class-level stack, which passes one tensor and wants one back.
    /// </summary>
    public virtual string Call(string field, string input) => field + ".forward(" + input + ")";

    /// <summary>
    /// The call of the layer in a block, given the block's parameters; <paramref name="whole"/>: the
    /// block returns the layer's whole result (a recurrent layer's tuple).
    /// </summary>
    public virtual string BlockCall(string field, System.Collections.Generic.IReadOnlyList<string> parameters, bool whole) =>
        field + ".forward(" + (TakesBlockArguments ? string.Join(", ", parameters) : parameters[0]) + ")";

    /// <summary>What is wrong with the form of a block holding this layer (SS0007 at the block, before its first call); null when nothing.</summary>
    public virtual string? BlockProblem(BlockSpec block) => null;

    /// <summary>
    /// The block's other arguments (an attention's key, value and masks) against its first, at each
    /// call: the value the call gives, after any SS0020 reported at the call.
    /// </summary>
    public virtual Value AtCall(BlockSpec block, Value output, IReadOnlyList<Value> arguments, LocationInfo at, List<DiagnosticInfo> diagnostics) => output;

    /// <summary>
    /// The body of a block that is this layer alone, after its build call, when it is more than one
    /// call (a sequence-first module behind a batch-first block); null: one call per layer.
    /// </summary>
    public virtual IReadOnlyList<string>? BlockBody(BlockPlan block) => null;

    /// <summary>torch.nn factory call text.</summary>
    protected string Factory(string arguments) => Nn + Kind + "(" + arguments + ")";
}

/// <summary>Where a layer runs under [MixedPrecision].</summary>
internal enum LayerPrecision
{
    /// <summary>In the dtype of its input (activations, pooling, reshaping, dropout, embeddings).</summary>
    AsInput,

    /// <summary>In the compute type, its float32 weights cast at each call (Linear, the convolutions).</summary>
    Low,

    /// <summary>In float32: its input is cast back first (norms, softmax, recurrent and attention modules, sub-models).</summary>
    Full,
}

/// <param name="Output">Output shape, or null when an error made it unknowable.</param>
/// <param name="Construction">The C# expression that builds the module.</param>
/// <param name="Parameters">Trainable parameter count.</param>
/// <param name="Note">Trailing comment on the construction line (how a size was computed).</param>
/// <param name="FieldType">Overrides the rule's field type (a sub-model's class).</param>
/// <param name="States">A recurrent layer's final states (h, and c for LSTM), as its tuple output gives them.</param>
/// <param name="Through">A runtime function the layer's call goes through instead of its forward (<c>F(layer, x)</c>).</param>
internal sealed record LayerResult(Shape? Output, string Construction, Dim Parameters, string? Note = null, string? FieldType = null, Shape[]? States = null, Shape? Weight = null, string? Through = null)
{
    public static LayerResult Failed => new(null, string.Empty, Dim.Unknown);
}
