using ShapeSharp.Generator.Diagnostics;

namespace ShapeSharp.Generator.Model;

/// <summary>One [Input]: the shape text, and where it stands so parse errors can point inside it.</summary>
/// <param name="ContentOffset">Offset of the string's first character within <paramref name="ShapeLocation"/> (1 for a plain literal).</param>
/// <param name="DType">The DType member name, or null when not stated.</param>
/// <param name="Sizes">The symbols its Sizes = names as model sizes.</param>
internal sealed record InputSpec(string Shape, string? Name, string? DType, LocationInfo ShapeLocation, int ContentOffset)
{
    public EquatableArray<string> Sizes { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>The [Output] a model states: the shape text and where it stands.</summary>
internal sealed record OutputSpec(string Shape, LocationInfo ShapeLocation, int ContentOffset);

/// <summary>A model's [MixedPrecision]: the compute type it turns on (a torch.ScalarType member), or null when it only carries the casts.</summary>
internal sealed record MixedPrecisionSpec(string? ComputeType);

/// <summary>
/// Everything the generator needs from a model declaration, as values: the parser's output and the
/// input of shape checking. Holds no symbol or syntax node, so the incremental pipeline can cache it.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string Name,
    EquatableArray<string> ContainingTypes,
    EquatableArray<InputSpec> Inputs,
    EquatableArray<AttributeSpec> Layers,
    EquatableArray<AttributeSpec> Training,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo Identifier,
    bool CanGenerate)
{
    /// <summary>Fully qualified name (global::Ns.Model), how [Layer&lt;T&gt;] refers to it.</summary>
    public string FullName { get; init; } = string.Empty;

    /// <summary>Partial methods with layer attributes.</summary>
    public EquatableArray<BlockSpec> Blocks { get; init; } = EquatableArray<BlockSpec>.Empty;

    /// <summary>The shape forward states it returns ([Output]), when given.</summary>
    public OutputSpec? Output { get; init; }

    /// <summary>[MixedPrecision], when given: the generated forward then carries the casts.</summary>
    public MixedPrecisionSpec? MixedPrecision { get; init; }

    /// <summary>The hand-written forward, when the class has one.</summary>
    public ForwardSpec? Forward { get; init; }

    /// <summary>The class's other methods with bodies: forward may call them.</summary>
    public EquatableArray<MethodCode> Helpers { get; init; } = EquatableArray<MethodCode>.Empty;

    /// <summary>Models embedded with [Layer&lt;T&gt;], parsed from source (so editing one re-checks its users).</summary>
    public EquatableArray<ModelSpec> SubModels { get; init; } = EquatableArray<ModelSpec>.Empty;

    /// <summary>Models embedded with [Layer&lt;T&gt;] from referenced assemblies, read from their generated members.</summary>
    public EquatableArray<CompiledModelSpec> CompiledSubModels { get; init; } = EquatableArray<CompiledModelSpec>.Empty;

    /// <summary>The user's module, parameter and tensor fields (registered by the generated code), and [Learned] fields.</summary>
    public EquatableArray<FieldSpec> Fields { get; init; } = EquatableArray<FieldSpec>.Empty;

    /// <summary>Names the user declared in the class, which generated block fields must not take.</summary>
    public EquatableArray<string> MemberNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The class can take a generated partial part (a non-generic, non-static partial class in
    /// partial types): code is then generated even when the model has shape errors, so the build
    /// shows those errors and no compiler noise from missing members.
    /// </summary>
    public bool Declarable { get; init; }

    public bool IsComposite => Forward is not null || !Blocks.IsEmpty;

    /// <summary>Generated file name: Namespace.Model.g.cs (containing types included).</summary>
    public string HintName =>
        (Namespace is null ? string.Empty : Namespace + ".")
        + (ContainingTypes.IsEmpty ? string.Empty : string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.Substring(t.LastIndexOf(' ') + 1))) + ".")
        + Name + ".g.cs";
}
