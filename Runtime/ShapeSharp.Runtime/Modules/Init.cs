using System;
using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>Initialisations that TorchSharp 0.107's <c>torch.nn.init</c> gets wrong, with PyTorch's signatures.</summary>
public static class Init
{
    /// <summary>
    /// Fills <paramref name="tensor"/> from N(mean, std²) restricted to [a, b], as PyTorch's
    /// <c>nn.init.trunc_normal_</c>: the bounds are absolute values, not multiples of std.
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107's <c>nn.init.trunc_normal_</c> multiplies by the mean and adds the standard
    /// deviation after the inverse error function, so with mean 0 every element becomes std.
    /// This is the inverse-CDF method: a uniform draw between the bounds' CDF values, mapped back.
    /// </remarks>
    public static torch.Tensor trunc_normal_(torch.Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        if (!(std > 0) || !(a < b))
        {
            throw new ArgumentException($"trunc_normal_ needs std > 0 and a < b, but got std = {std}, a = {a}, b = {b}.");
        }

        using var noGrad = torch.no_grad();
        var low = NormalCdf((a - mean) / std);
        var high = NormalCdf((b - mean) / std);
        // held: TorchSharp does not keep a Scalar alive across the native call (docs/decisions.md, HeldScalars)
        using var scale = (std * Math.Sqrt(2)).ToScalar();
        using var shift = mean.ToScalar();
        using var min = a.ToScalar();
        using var max = b.ToScalar();
        tensor.uniform_(2 * low - 1, 2 * high - 1);
        tensor.erfinv_();
        tensor.mul_(scale);
        tensor.add_(shift, HeldScalars.One);
        tensor.clamp_(min, max);
        return tensor;
    }

    private static double NormalCdf(double x)
    {
        // .NET has no erf; torch's double-precision one is at hand.
        using var value = torch.tensor(x / Math.Sqrt(2), torch.float64);
        return (1 + torch.special.erf(value).item<double>()) / 2;
    }
}
