using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Modules;

/// <summary>
/// RMSNorm over the last dim, as LLaMA uses it (TorchSharp 0.107 has no nn.RMSNorm): no mean
/// subtraction and no bias, one learned scale per feature (state-dict name "weight").
/// </summary>
public sealed class RMSNorm : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly double _eps;

    public RMSNorm(long features, double eps = 1e-6)
        : base(nameof(RMSNorm))
    {
        _eps = eps;
        weight = new Parameter(torch.ones(features));
        register_parameter("weight", weight);
    }

    public Parameter weight { get; }

    public override torch.Tensor forward(torch.Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var scale = input.pow(2).mean(new long[] { -1 }, keepdim: true).add(_eps).rsqrt();
        return (input * scale * weight).MoveToOuterDisposeScope();
    }
}
