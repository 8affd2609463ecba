using System.Linq;
using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>What the generated build of a lazy block calls once its layers exist.</summary>
public static class LazyBlocks
{
    /// <summary>
    /// Moves a freshly built layer, before it is registered, to where the model's parameters are
    /// (device and dtype), or, when it has none yet, to the input's device (and the input's dtype
    /// when that is floating).
    /// </summary>
    public static void Place(torch.nn.Module owner, torch.nn.Module layer, torch.Tensor input)
    {
        var other = owner.parameters().FirstOrDefault();
        if (other is not null)
        {
            layer.to(other.device, other.dtype);
        }
        else if (input.is_floating_point())
        {
            layer.to(input.device, input.dtype);
        }
        else
        {
            layer.to(input.device);
        }
    }

    /// <summary>The error a model gives when parameters are asked for before its lazy blocks exist.</summary>
    public static System.InvalidOperationException NotBuilt(string model, ILazilyBuilt lazy) =>
        new($"{model}: block(s) {lazy.LazyBlocks} are sized at their first call (a dim they need is not known at compile time) and have no parameters yet; "
            + "run one forward pass (for instance on one batch) before creating the optimizer or loading a state dict. Trainer.Fit does this itself.");
}
