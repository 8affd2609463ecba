using System;

namespace ShapeSharp;

/// <summary>
/// Embeds another ShapeSharp model as a layer: its declared [Input] is checked against the
/// incoming shape (SS0001) and its inferred output continues the stack. Repeat = n stacks n
/// independent copies (state-dict names block.0..., block.1...), as nn.ModuleList does.
/// </summary>
/// <typeparam name="TModel">A ShapeSharp model of this project with one tensor input and output.</typeparam>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class LayerAttribute<TModel> : LayerAttribute
{
    /// <summary>The number of independent copies applied in turn (the output must then equal the input). Default 1.</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>
    /// The model's sizes for this use, comma-separated assignments over this model's sizes and
    /// constants: <c>[Layer&lt;DoubleConv&gt;(Sizes = "Out = 128")]</c>,
    /// <c>Sizes = "Channels = C, Reduction = 4"</c>. A size its input binds needs no entry; one not
    /// given and not bound is this model's size of the same name.
    /// </summary>
    public string? Sizes { get; set; }
}
