using System;

namespace ShapeSharp;

/// <summary>
/// A learned tensor of a declared shape: a class token, a position table, a per-feature scale.
/// Put it on a <c>Parameter</c> field of a model, without an initialiser; the generated constructor
/// creates the tensor, and the model registers it under the field's name (the state-dict name, as
/// <c>self.cls_token = nn.Parameter(...)</c> in PyTorch). Its elements are counted in
/// <c>ParameterCount</c> at compile time, and the forward checker knows its shape.
/// </summary>
/// <example>
/// <code>
/// [Learned("1, 1, 64", TruncatedNormal = 0.02)] private readonly Parameter cls_token;   // ViT's class token
/// [Learned("1, 65, 64", Normal = 0.02)] private readonly Parameter pos_embed;          // learned positions
/// [Learned("D", Fill = 1e-5)] private readonly Parameter gamma;                         // LayerScale; D is a model size
/// </code>
/// </example>
/// <remarks>
/// The initialisation is zeros unless one of <see cref="Fill"/>, <see cref="Normal"/>,
/// <see cref="TruncatedNormal"/> or <see cref="Uniform"/> is given (at most one). Like the layer
/// attributes, this one is read by the generator from the source and never runs.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LearnedAttribute : Attribute
{
    /// <param name="shape">
    /// Comma-separated dims, as in [Input]: positive constants or model sizes. A name becomes a
    /// constructor parameter of the model (as in <c>Linear("vocab")</c>); a dim of [Input] may be
    /// used only when it is such a size already, since the other input dims are free at run time and
    /// a learned tensor is sized once, at construction.
    /// </param>
    public LearnedAttribute(string shape) => Shape = shape;

    /// <summary>The declared shape, as written.</summary>
    public string Shape { get; }

    /// <summary>Every element starts at this value (<c>torch.full</c>; 0 is zeros, 1 is ones).</summary>
    public double Fill { get; set; }

    /// <summary>Draws from N(0, std²) with this standard deviation (<c>nn.init.normal_(std: ...)</c>).</summary>
    public double Normal { get; set; }

    /// <summary>
    /// Draws from N(0, std²) with this standard deviation, redrawing values beyond two standard
    /// deviations (PyTorch's <c>nn.init.trunc_normal_(std: s, a: -2s, b: 2s)</c>, as timm's ViT and
    /// JAX do; through <see cref="Modules.Init.trunc_normal_"/>, since TorchSharp 0.107's is wrong).
    /// </summary>
    public double TruncatedNormal { get; set; }

    /// <summary>Draws from U(-bound, bound) with this bound (<c>nn.init.uniform_(-bound, bound)</c>).</summary>
    public double Uniform { get; set; }
}
