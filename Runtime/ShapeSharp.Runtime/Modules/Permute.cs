using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>Tensor.permute as a module; the generated code for [Permute(...)].</summary>
public sealed class Permute : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly long[] _dims;

    public Permute(params long[] dims)
        : base(nameof(Permute)) => _dims = dims;

    public override torch.Tensor forward(torch.Tensor input) => input.permute(_dims);
}
