namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>The shape rule of one op: what the call's tensor and arguments give.</summary>
internal delegate Value OpRule(OpCall call);

/// <summary>
/// One op of the catalogue. Every form of it (method, torch., functional., using static) is read
/// from this entry, so the forms cannot drift apart.
/// </summary>
internal sealed class OpEntry
{
    public OpEntry(OpGroup group, string name, OpRule rule, bool takesSelf)
    {
        Group = group;
        Name = name;
        Rule = rule;
        TakesSelf = takesSelf;
    }

    /// <summary>Where the docs list it.</summary>
    public OpGroup Group { get; }

    /// <summary>The name as TorchSharp spells it (functional.unfold where the plain name is another op).</summary>
    public string Name { get; }

    public OpRule Rule { get; }

    /// <summary>
    /// True when the op works on one tensor: the receiver of the method form, the first argument of
    /// the static forms. False for ops that take their tensors as arguments only (cat, einsum, zeros).
    /// </summary>
    public bool TakesSelf { get; }
}

/// <summary>The catalogue's families, in the order the docs list them.</summary>
internal enum OpGroup
{
    Sizes,
    ElementWise,
    Activation,
    Dropout,
    Conversion,
    Broadcasting,
    AlongDim,
    Reduction,
    ValuesAndIndices,
    Reshaping,
    JoiningAndSplitting,
    Indexing,
    Products,
    LayerFunctions,
    PoolingAndResizing,
    Creation,
    TensorIndex,
}
