using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>
/// Named modules registered in order, and nothing else: the container the generated code puts a
/// layer stack or a block of several layers in, so state-dict names are <c>layers.0.weight</c>,
/// <c>qkv.1.bias</c> as with an <c>nn.Sequential</c> attribute in PyTorch. The layers are called
/// through the model's own fields, so the container has no forward.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>ModuleDict</c> cannot be used here: it has two indexers, both reflected as
/// the property <c>Item</c>, and <c>Module.to()</c> collects every child's properties into a
/// dictionary by name, so a model holding one throws on <c>.to(dtype)</c> and <c>.to(device)</c>.
/// This type declares no public property at all.
/// </remarks>
public sealed class LayerStack : torch.nn.Module
{
    /// <param name="layers">Each layer with its name in the stack ("0", "1", ... or a custom name).</param>
    public LayerStack(params (string Name, torch.nn.Module Layer)[] layers)
        : base(nameof(LayerStack))
    {
        foreach (var (name, layer) in layers)
        {
            register_module(name, layer);
        }
    }

    /// <summary>The layers were registered by the constructor; TorchSharp's default would look for more by reflection.</summary>
    protected override void RegisterComponents()
    {
    }
}
