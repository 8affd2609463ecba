namespace ShapeSharp.Generator.Model;

/// <summary>
/// A ShapeSharp model from a referenced assembly, as its generated code describes itself: the
/// InputShape/OutputShape/ParameterCount constants and the constructor's size parameters. Its
/// source is not available, so this is all a [Layer&lt;T&gt;] user can check against.
/// </summary>
/// <param name="FullName">global::Ns.Model, as [Layer&lt;T&gt;] names it.</param>
/// <param name="OneTensorInOut">Derives from Module&lt;Tensor, Tensor&gt; and declares one input.</param>
/// <param name="Parameters">The constructor's size parameters, in order.</param>
internal sealed record CompiledModelSpec(
    string FullName,
    string Name,
    bool OneTensorInOut,
    string InputShape,
    string OutputShape,
    EquatableArray<string> Parameters,
    long? ParameterCount);
