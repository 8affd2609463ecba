namespace ShapeSharp.Generator.Model;

/// <summary>A parameter of a block or of forward: its name and fully qualified type.</summary>
internal sealed record ParameterSpec(string Name, string Type);

/// <summary>
/// A partial method carrying layer attributes: a sequential block the generator implements.
/// </summary>
/// <param name="Method">The method name (Qkv); the state-dict name is its snake_case (qkv).</param>
/// <param name="Declaration">The method's declaration as written up to the parameter list's end, for the implementing part.</param>
/// <param name="ReturnType">Fully qualified return type.</param>
internal sealed record BlockSpec(
    string Method,
    string Declaration,
    EquatableArray<ParameterSpec> Parameters,
    string ReturnType,
    EquatableArray<AttributeSpec> Layers,
    LocationInfo Location);

/// <summary>The hand-written forward: signature (for the base class) and body (for the interpreter).</summary>
internal sealed record ForwardSpec(EquatableArray<ParameterSpec> Parameters, string ReturnType, MethodCode Code);
