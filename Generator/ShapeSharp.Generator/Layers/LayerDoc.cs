namespace ShapeSharp.Generator.Layers;

/// <summary>
/// A layer's entry in the reference (docs/layers.md), kept beside its rule in the catalogue. The
/// example is compiled, snapshotted and run by the tests, so the reference cannot go stale.
/// </summary>
/// <param name="PyTorch">The PyTorch equivalent ("nn.Conv2d").</param>
/// <param name="Shape">The shape rule, in the reference's words.</param>
/// <param name="StateDict">The layer's state-dict entries under its name, with their shapes; "none" when it has none.</param>
/// <param name="Input">The example model's input shape.</param>
/// <param name="Example">
/// The example's layer attributes (a class-level stack), or a whole model named Example whose
/// blocks use the layer (a layer of several inputs), with its own [Input]s when it has several.
/// </param>
/// <param name="Indices">The example's input is integer indices (Int64).</param>
internal sealed record LayerDoc(string PyTorch, string Shape, string StateDict, string Input, string Example, bool Indices = false)
{
    /// <summary>The example as a model declaration named <paramref name="name"/>.</summary>
    public string Model(string name) =>
        !IsWholeModel ? $"{InputAttribute}\n{Example}\npublic partial class {name};"
        : Example.StartsWith("[Input", System.StringComparison.Ordinal) ? Example.Replace("partial class Example", "partial class " + name)
        : InputAttribute + "\n" + Example.Replace("partial class Example", "partial class " + name);

    private string InputAttribute => Indices ? $"[Input(\"{Input}\", Dtype = DType.Int64)]" : $"[Input(\"{Input}\")]";

    /// <summary>The example declares its model (blocks and forward) rather than a stack.</summary>
    public bool IsWholeModel => Example.Contains("partial class Example");
}
