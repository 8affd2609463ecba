using System;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Modules;

/// <summary>
/// nn.ConvTranspose2d with an output padding that differs between the axes, the generated code for
/// such a [ConvTranspose2d]: TorchSharp 0.107's module recomputes the output padding in forward
/// and gives both axes the first one, which libtorch then refuses (or, where it is allowed, uses
/// for the wrong axis). Same state dict and initialisation as PyTorch's (<c>weight</c>
/// [in, out / groups, kH, kW], <c>bias</c> [out]); forward is <c>functional.conv_transpose2d</c>.
/// </summary>
public sealed class ConvTranspose2d : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly long[] _stride;
    private readonly long[] _padding;
    private readonly long[] _outputPadding;
    private readonly long[] _dilation;
    private readonly long _groups;
    private Parameter _weight;
    private Parameter? _bias;

    public ConvTranspose2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
        (long, long)? output_padding = null, (long, long)? dilation = null, long groups = 1, bool bias = true)
        : base(nameof(ConvTranspose2d))
    {
        if (groups < 1 || in_channels % groups != 0 || out_channels % groups != 0)
        {
            throw new ArgumentException($"ConvTranspose2d: groups must divide the input and output channel counts ({in_channels}, {out_channels}), but is {groups}.");
        }

        _stride = Pair(stride ?? (1, 1));
        _padding = Pair(padding ?? (0, 0));
        _outputPadding = Pair(output_padding ?? (0, 0));
        _dilation = Pair(dilation ?? (1, 1));
        _groups = groups;
        _weight = new Parameter(torch.empty(in_channels, out_channels / groups, kernel_size.Item1, kernel_size.Item2));
        // PyTorch's reset_parameters: kaiming_uniform_(a = sqrt(5)) and a bias bound of 1 / sqrt(fan_in).
        torch.nn.init.kaiming_uniform_(_weight, Math.Sqrt(5));
        register_parameter("weight", _weight);
        if (bias)
        {
            var fanIn = out_channels / groups * kernel_size.Item1 * kernel_size.Item2;
            var bound = 1 / Math.Sqrt(fanIn);
            _bias = new Parameter(torch.empty(out_channels).uniform_(-bound, bound));
            register_parameter("bias", _bias);
        }
    }

    /// <summary>The kernel [in, out / groups, kH, kW].</summary>
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

    /// <summary>The bias [out], or null without one.</summary>
    public Parameter? bias
    {
        get => _bias;
        private set
        {
            if (value is not null && value.Handle != _bias?.Handle)
            {
                _bias?.Dispose();
                _bias = value;
                ConditionallyRegisterParameter("bias", value);
            }
        }
    }

    public override torch.Tensor forward(torch.Tensor input) => Apply(input, weight, bias);

    /// <summary>The layer's convolution with the given weights (<see cref="Autocast"/> passes them cast to the compute type).</summary>
    internal torch.Tensor Apply(torch.Tensor input, torch.Tensor weight, torch.Tensor? bias) =>
        torch.nn.functional.conv_transpose2d(input, weight, bias, _stride, _padding, _outputPadding, _dilation, _groups);

    private static long[] Pair((long, long) value) => new[] { value.Item1, value.Item2 };
}
