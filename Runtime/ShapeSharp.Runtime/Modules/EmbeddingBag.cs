using System;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Modules;

/// <summary>
/// nn.EmbeddingBag over bags of equal length, [B, L] -> [B, width], the generated code for
/// [EmbeddingBag]: TorchSharp's module takes the offsets as a second input, which a layer stack
/// does not pass. Same state dict as PyTorch's (<c>weight</c> [vocabulary, width]), initialised
/// N(0, 1) as PyTorch's, and the same reductions (PaddingIdx is left out of each bag).
/// </summary>
public sealed class EmbeddingBag : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly string _mode;
    private readonly long _paddingIdx;
    // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
    private readonly Scalar _paddingScalar;
    private static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
    private Parameter _weight;

    /// <param name="vocabulary">The number of embeddings.</param>
    /// <param name="width">The size of each embedding.</param>
    /// <param name="mode">"mean", "sum" or "max".</param>
    /// <param name="padding_idx">An index left out of every bag; -1 for none.</param>
    public EmbeddingBag(long vocabulary, long width, string mode = "mean", long padding_idx = -1)
        : base(nameof(EmbeddingBag))
    {
        if (mode is not ("mean" or "sum" or "max"))
        {
            throw new ArgumentException($"EmbeddingBag: mode must be \"mean\", \"sum\" or \"max\", but is \"{mode}\".");
        }

        if (padding_idx < -1 || padding_idx >= vocabulary)
        {
            throw new ArgumentException($"EmbeddingBag: padding_idx must be -1 or below the vocabulary size {vocabulary}, but is {padding_idx}.");
        }

        _mode = mode;
        _paddingIdx = padding_idx;
        _paddingScalar = padding_idx.ToScalar();
        _weight = new Parameter(torch.randn(vocabulary, width));
        if (padding_idx >= 0)
        {
            using var noGrad = torch.no_grad();
            _weight[padding_idx].zero_();
        }

        register_parameter("weight", _weight);
    }

    /// <summary>The embeddings [vocabulary, width].</summary>
    /// <remarks>Module.to() assigns a moved parameter through the public property of its name; the setter registers it.</remarks>
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
        if (input.dim() != 2)
        {
            throw new ArgumentException($"EmbeddingBag: input must be bags of equal length [B, L], but is [{string.Join(", ", input.shape)}].");
        }

        using var scope = torch.NewDisposeScope();
        var vectors = weight.index_select(0, input.flatten()).view(input.shape[0], input.shape[1], -1);  // [B, L, width]
        torch.Tensor result;
        if (_paddingIdx < 0)
        {
            result = _mode switch
            {
                "sum" => vectors.sum(1),
                "max" => vectors.max(1).values,
                _ => vectors.mean(new long[] { 1 }),
            };
        }
        else
        {
            // PyTorch leaves padding entries out of the bag: out of the sum, the count and the max.
            var keep = input.ne(_paddingScalar).unsqueeze(-1);  // [B, L, 1]
            result = _mode switch
            {
                "sum" => vectors.mul(keep).sum(1),
                "max" => vectors.masked_fill(keep.logical_not(), NegativeInfinity).max(1).values.nan_to_num(0, 0, 0),
                _ => vectors.mul(keep).sum(1).div(keep.sum(1).clamp_min(HeldScalars.One)),
            };
        }

        return result.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _paddingScalar.Dispose();
        }
    }
}
