namespace ShapeSharp.Modules;

/// <summary>
/// A generated model with blocks whose layers are sized at their first call, because a dim they
/// need is not known at compile time (PyTorch's lazy modules, Keras' build()). Their parameters
/// exist only after that call: run one forward pass before creating an optimizer or loading a
/// state dict. <see cref="Training.Trainer"/> does so with the first training batch.
/// </summary>
public interface ILazilyBuilt
{
    /// <summary>Every lazy block has been called, so every parameter exists.</summary>
    bool IsBuilt { get; }

    /// <summary>The lazy blocks' names, for messages.</summary>
    string LazyBlocks { get; }
}
