using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>
/// Reshapes everything after the batch dim (Keras' Reshape); the generated code for
/// [Reshape(...)]. A module rather than an inline op so it keeps its index in the stack, as an
/// nn.Unflatten would in PyTorch's nn.Sequential.
/// </summary>
public sealed class Reshape : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly long[] _shape;

    public Reshape(params long[] shape)
        : base(nameof(Reshape)) => _shape = shape;

    public override torch.Tensor forward(torch.Tensor input)
    {
        var full = new long[_shape.Length + 1];
        full[0] = input.size(0);
        _shape.CopyTo(full, 1);
        return input.reshape(full);
    }
}
