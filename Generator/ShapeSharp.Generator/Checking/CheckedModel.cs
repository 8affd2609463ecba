using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Checking;

/// <summary>One layer, resolved: everything the emitter writes for it, as text.</summary>
/// <param name="Field">C# field name (layers_0).</param>
/// <param name="StateName">Key inside the registered stack ("0"): state-dict names are layers.0.*.</param>
/// <param name="Note">How the layer's input size was computed ("8 * 14 * 14"), when useful.</param>
/// <param name="ParametersText">Parameter count as a C# expression (a literal when constant).</param>
/// <param name="Weight">The weight's shape ([out, in] for Linear, [vocab, width] for Embedding), for weight tying.</param>
/// <param name="TiedTo">The field whose weight this layer shares (Linear with TiedTo =), once checked.</param>
/// <param name="Through">A runtime function the call goes through instead of the layer's forward (<c>F(layer, x)</c>).</param>
internal sealed record LayerPlan(
    string Field,
    string StateName,
    string Kind,
    string FieldType,
    string Construction,
    string? Note,
    string OutputShape,
    string ParametersText,
    long? ParametersConstant,
    string? Weight = null,
    string? TiedTo = null,
    string? Through = null);

/// <summary>A field of the model class that it registers under the field's name.</summary>
/// <param name="Field">The C# name (escaped: @out).</param>
/// <param name="StateName">The registered name (out): the state-dict prefix.</param>
/// <param name="SummaryKind">The summary's type column: Parameter, Buffer, or the module's type.</param>
/// <param name="Shape">The tensor's shape, ? when not known (or a module).</param>
/// <param name="ParametersText">The count as written (? when counted at run time).</param>
/// <param name="Creation">For a [Learned] field, the expression the constructor assigns it.</param>
internal sealed record FieldPlan(
    string Field,
    string StateName,
    FieldKind Kind,
    string SummaryKind,
    string Shape,
    string ParametersText,
    long? ParametersConstant,
    string? Creation);

/// <summary>One forward argument: its name, declared shape and the guard's expected dims.</summary>
/// <param name="GuardDims">C# array elements: literals, constructor parameters, or InputGuard.Any.</param>
/// <param name="DType">torch.ScalarType member to check, or null.</param>
internal sealed record InputPlan(string Name, string Shape, string GuardDims, string? DType);

/// <summary>A training default (loss, optimizer, ...) as the C# expression that creates it.</summary>
internal sealed record TrainingPlan(AttributeCategory Category, string Kind, string Creation);

/// <summary>The checked model: the output of shape inference, the input of emission and reporting.</summary>
internal sealed record CheckedModel(
    string? Namespace,
    string Name,
    string HintName,
    EquatableArray<string> ContainingTypes,
    EquatableArray<string> Parameters,
    EquatableArray<InputPlan> Inputs,
    EquatableArray<LayerPlan> Layers,
    string OutputShape,
    string ParameterCountText,
    long? ParameterCountConstant,
    EquatableArray<TrainingPlan> Training,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool CanEmit)
{
    /// <summary>Blocks and forward signature of a composite model; null for the sequential form.</summary>
    public CompositePlan? Composite { get; init; }

    /// <summary>The user's fields the model registers after its layers, and the [Learned] tensors it creates.</summary>
    public EquatableArray<FieldPlan> Fields { get; init; } = EquatableArray<FieldPlan>.Empty;

    /// <summary>
    /// Some parameters' sizes are not known at compile time (a module field, a parameter of unknown
    /// shape): the constructor counts parameters() instead of evaluating <see cref="ParameterCountText"/>.
    /// </summary>
    public bool CountedAtRunTime { get; init; }

    /// <summary>What the constructor checks first of the sizes it is given (a size expression divides, is positive).</summary>
    public EquatableArray<SizeRequirement> SizeChecks { get; init; } = EquatableArray<SizeRequirement>.Empty;

    /// <summary>What was checked (set by <see cref="Pipeline.Check(ModelSpec)"/>): the fallback code for a model with errors is written from it.</summary>
    public ModelSpec? Spec { get; init; }

    public bool Declarable => Spec?.Declarable ?? false;

    public LocationInfo? Identifier => Spec?.Identifier;

    /// <summary>A model nothing could be inferred for: only its diagnostics.</summary>
    public static CheckedModel Failed(ModelSpec spec, System.Collections.Generic.IEnumerable<DiagnosticInfo> diagnostics) =>
        new(spec.Namespace, spec.Name, spec.HintName, spec.ContainingTypes, EquatableArray<string>.Empty, EquatableArray<InputPlan>.Empty,
            EquatableArray<LayerPlan>.Empty, "?", "0", null, EquatableArray<TrainingPlan>.Empty, diagnostics.ToEquatableArray(), CanEmit: false);
}

/// <summary>A block, resolved: its implementing method and the layers it runs.</summary>
/// <param name="StateName">The state-dict prefix (qkv for block Qkv).</param>
/// <param name="Single">One layer registered directly (head.weight) rather than a numbered stack (qkv.0.weight).</param>
/// <param name="ReturnsStates">The block returns a recurrent layer's whole tuple (output and final states).</param>
internal sealed record BlockPlan(
    string Method,
    string Declaration,
    EquatableArray<ParameterSpec> Parameters,
    string StateName,
    EquatableArray<LayerPlan> Layers,
    bool Single,
    bool ReturnsStates,
    string InputShape,
    string OutputShape)
{
    /// <summary>
    /// The runtime dims (RuntimeDims names) its layers are built from: empty for a block built with
    /// the model; otherwise it is built at its first call, from these dims of its input.
    /// </summary>
    public EquatableArray<string> RuntimeDims { get; init; } = EquatableArray<string>.Empty;

    public bool Lazy => !RuntimeDims.IsEmpty;

    /// <summary>Sizes stated with In = for input dims unknown at compile time, checked on entry.</summary>
    public EquatableArray<DimCheck> InputChecks { get; init; } = EquatableArray<DimCheck>.Empty;
}

/// <summary>The block input's dim <paramref name="FromEnd"/> places from the end must be <paramref name="Expected"/>.</summary>
internal sealed record DimCheck(int FromEnd, long Expected);

/// <summary>What a composite model adds: its blocks and the hand-written forward's signature.</summary>
/// <param name="BaseType">Module&lt;...&gt; from forward's parameter and return types.</param>
/// <param name="Trainable">Single tensor input and output: the typed training step can be generated.</param>
internal sealed record CompositePlan(EquatableArray<BlockPlan> Blocks, string BaseType, bool Trainable);
