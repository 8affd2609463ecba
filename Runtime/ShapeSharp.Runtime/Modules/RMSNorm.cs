using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Modules;

/// <summary>
/// RMSNorm over the last dim, as LLaMA uses it (TorchSharp 0.107 has none): no mean
/// subtraction and no bias, one learned scale per feature (state-dict name "weight").
/// </summary>
public sealed class RMSNorm : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
    private readonly Scalar _eps;
    private Parameter _weight;

    public RMSNorm(long features, double eps = 1e-6)
        : base(nameof(RMSNorm))
    {
        _eps = eps.ToScalar();
        _weight = new Parameter(torch.ones(features));
        register_parameter("weight", _weight);
    }

    /// <summary>The scale per feature.</summary>
    /// <remarks>
    /// Module.to() replaces a parameter by assigning the public property of its name (by
    /// reflection), so the setter exists for it and registers the moved tensor in the old one's place.
    /// </remarks>
    public Parameter weight
    {
        get => _weight;
        private set
        {
            if (value.Handle != _weight.Handle)
            {
                _weight.Dispose();
                _weight = value;
                ConditionallyRegisterParameter("weight", value);
            }
        }
    }

    public override torch.Tensor forward(torch.Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var scale = input.pow(HeldScalars.Two).mean(new long[] { -1 }, keepdim: true).add(_eps, HeldScalars.One).rsqrt();
        return (input * scale * weight).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _eps.Dispose();
        }
    }
}
