using System;

namespace ShapeSharp;

/// <summary>
/// Base of every layer attribute. Layer attributes on a class form its sequential stack, in source
/// order; on a partial method they form a block. The generator reads them from syntax, so their
/// constructors and properties are the DSL's vocabulary and are never run by the model itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>Overrides the layer's state-dict name (default: its index in the stack).</summary>
    public string? Name { get; set; }
}

/// <summary>
/// A layer whose input size is inferred from the incoming shape. Setting <see cref="In"/> states it
/// explicitly; the generator then checks it against the inferred size (SS0001).
/// </summary>
public abstract class SizedLayerAttribute : LayerAttribute
{
    /// <summary>Explicit input size (features or channels); 0 means inferred.</summary>
    public int In { get; set; }
}
