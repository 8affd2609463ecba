namespace ShapeSharp.Generator.Model;

/// <summary>What a model field holds, as TorchSharp's reflective RegisterComponents would register it.</summary>
internal enum FieldKind
{
    /// <summary>A torch.nn.Module: register_module.</summary>
    Module,

    /// <summary>A Parameter: register_parameter.</summary>
    Parameter,

    /// <summary>
    /// Declared Tensor: a Parameter at run time is registered as one, any other tensor as a buffer.
    /// <see cref="FieldSpec.HoldsParameter"/> says which the initialiser gives.
    /// </summary>
    Tensor,
}

/// <summary>
/// A field of the user's own declarations that the model registers (a module, parameter or tensor),
/// with what is known of it at compile time.
/// </summary>
/// <param name="Name">The identifier's value (cls_token; out for @out): the state-dict name.</param>
/// <param name="Kind">Null for a field of another type, kept only to report the [Learned] on it.</param>
/// <param name="TypeName">The declared type's simple name (Linear, Parameter, Tensor), for the summary.</param>
/// <param name="Initializer">
/// The tensor its initialiser builds, with a Parameter wrapper (nn.Parameter(t), t.AsParameter(),
/// new Parameter(t)) taken off; null without an initialiser or for a module.
/// </param>
/// <param name="HasInitializer">Whether the declaration has one; a field without is null when the model registers it.</param>
/// <param name="HoldsParameter">The initialiser's value is a Parameter (by its type): counted as one.</param>
/// <param name="Learned">The field's [Learned], when it has one.</param>
internal sealed record FieldSpec(
    string Name,
    FieldKind? Kind,
    string TypeName,
    bool IsReadOnly,
    bool IsStatic,
    Expr? Initializer,
    bool HasInitializer,
    bool HoldsParameter,
    LearnedSpec? Learned,
    LocationInfo Location);

/// <summary>A [Learned("1, 1, D", Normal = 0.02)] as written.</summary>
/// <param name="ContentOffset">Offset of the string's first character within <paramref name="ShapeLocation"/> (-1 when it is not a literal).</param>
/// <param name="Args">Every argument, the shape included, with its location.</param>
internal sealed record LearnedSpec(string Shape, LocationInfo ShapeLocation, int ContentOffset, EquatableArray<ArgSpec> Args, LocationInfo Location);
