using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp;

/// <summary>
/// The casts the code generated for <see cref="MixedPrecisionAttribute"/> calls: <c>Run</c> runs a
/// matmul-class layer in the compute type from its float32 weights (autocast's cast-per-call),
/// <see cref="Full"/> brings a low-precision tensor back to float32 before a layer that needs it.
/// With a null compute type each is the plain call, so a model with the casts off runs exactly as one
/// without them.
/// </summary>
public static class Autocast
{
    public static Tensor Run(Linear layer, Tensor input, ScalarType? computeType)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Low(computeType, layer.weight) is ScalarType type
            ? InType(type, input, layer.weight, layer.bias, Modules.FusedLinear.Apply)
            : Modules.FusedLinear.Forward(layer, input);
    }

    /// <summary>Conv1d/2d/3d and the transposed ones; a padding mode other than zeros runs in float32.</summary>
    public static Tensor Run(Convolution layer, Tensor input, ScalarType? computeType)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return LowConvolution(computeType, layer.weight) is ScalarType type && layer.padding_mode == PaddingModes.Zeros
            ? InType(type, input, layer.weight, layer.bias, (x, weight, bias) => Convolve(layer, x, weight, bias))
            : layer.forward(Full(input, computeType));
    }

    /// <summary>ShapeSharp's ConvTranspose2d (an output padding per axis).</summary>
    public static Tensor Run(Modules.ConvTranspose2d layer, Tensor input, ScalarType? computeType)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return LowConvolution(computeType, layer.weight) is ScalarType type
            ? InType(type, input, layer.weight, layer.bias, layer.Apply)
            : layer.forward(Full(input, computeType));
    }

    /// <summary>
    /// <paramref name="input"/> in float32 when it is in the compute type (before a norm, a softmax, a
    /// recurrent or attention module, a sub-model); otherwise itself.
    /// </summary>
    public static Tensor Full(Tensor input, ScalarType? computeType) =>
        computeType is ScalarType type && input.dtype == type ? input.to(ScalarType.Float32) : input;

    /// <summary>A loss's input in float32 when it is in half or bfloat16 precision (autocast runs losses in float32).</summary>
    public static Tensor ForLoss(Tensor output) =>
        output.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? output.to(ScalarType.Float32) : output;

    /// <summary>A loss that takes its output in float32 (<see cref="ForLoss"/>).</summary>
    public static Func<Tensor, Tensor, Tensor> ForLosses(Func<Tensor, Tensor, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return (output, target) => loss(ForLoss(output), target);
    }

    /// <summary>Sets the compute type of <paramref name="model"/> and of every model it holds that carries the casts.</summary>
    /// <exception cref="ArgumentException">Not a low-precision floating type.</exception>
    public static void Apply(nn.Module model, ScalarType? computeType)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(computeType);
        foreach (var module in model.modules().Prepend(model).OfType<IMixedPrecision>())
        {
            module.SetOwnComputeType(computeType);
        }
    }

    /// <summary>
    /// <see cref="Training.TrainOptions.Precision"/> on a model: its compute type (and its held models');
    /// a low precision on a model without <see cref="MixedPrecisionAttribute"/> is an ArgumentException.
    /// </summary>
    public static void Apply(nn.Module model, DType precision)
    {
        ArgumentNullException.ThrowIfNull(model);
        var type = ToScalarType(precision);
        if (model is IMixedPrecision mixed)
        {
            mixed.ComputeType = type;
        }
        else if (type is not null)
        {
            throw new ArgumentException(
                $"{model.GetName()}: precision {precision} needs the casts that [MixedPrecision] puts in the generated forward; " +
                $"add [MixedPrecision] to {model.GetName()} (and to the models it holds), or train in Float32.", nameof(precision));
        }
    }

    /// <summary>The compute type a model runs in: its <see cref="IMixedPrecision.ComputeType"/>, or null.</summary>
    public static ScalarType? ComputeTypeOf(nn.Module model) => (model as IMixedPrecision)?.ComputeType;

    /// <summary>The ScalarType of a compute type stated as a <see cref="DType"/>; Float32 is null (no casts).</summary>
    public static ScalarType? ToScalarType(DType computeType) => computeType switch
    {
        DType.BFloat16 => ScalarType.BFloat16,
        DType.Float16 => ScalarType.Float16,
        DType.Float32 => null,
        _ => throw new ArgumentException($"Mixed precision computes in BFloat16 or Float16 (Float32: no casts), not {computeType}.", nameof(computeType)),
    };

    /// <summary>The op on the input, weight and bias cast to <paramref name="type"/>; the casts are freed after (the graph keeps what backward needs).</summary>
    private static Tensor InType(ScalarType type, Tensor input, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> op)
    {
        using var x = input.to(type);
        using var w = weight.to(type);
        using var b = bias?.to(type);
        return op(x, w, b);
    }

    private static Tensor Convolve(Convolution layer, Tensor x, Tensor weight, Tensor? bias)
    {
        var d = layer.kernel_size.Length;
        if (layer.transposed)
        {
            var padding = layer.padding!;
            return d switch
            {
                1 => nn.functional.conv_transpose1d(x, weight, bias, layer.stride[0], padding[0], layer.output_padding[0], layer.dilation[0], layer.groups),
                2 => nn.functional.conv_transpose2d(x, weight, bias, layer.stride, padding, layer.output_padding, layer.dilation, layer.groups),
                _ => nn.functional.conv_transpose3d(x, weight, bias, layer.stride, padding, layer.output_padding, layer.dilation, layer.groups),
            };
        }

        if (layer.padding_type is Padding same)
        {
            return d switch
            {
                1 => nn.functional.conv1d_padding(x, weight, bias, layer.stride[0], same, layer.dilation[0], layer.groups),
                2 => nn.functional.conv2d_padding(x, weight, bias, layer.stride, same, layer.dilation, layer.groups),
                _ => nn.functional.conv3d_padding(x, weight, bias, layer.stride, same, layer.dilation, layer.groups),
            };
        }

        return d switch
        {
            1 => nn.functional.conv1d(x, weight, bias, layer.stride[0], layer.padding![0], layer.dilation[0], layer.groups),
            2 => nn.functional.conv2d(x, weight, bias, layer.stride, layer.padding, layer.dilation, layer.groups),
            _ => nn.functional.conv3d(x, weight, bias, layer.stride, layer.padding, layer.dilation, layer.groups),
        };
    }

    private static void Check(ScalarType? computeType)
    {
        if (computeType is not (null or ScalarType.BFloat16 or ScalarType.Float16))
        {
            throw new ArgumentException($"Mixed precision computes in BFloat16 or Float16 (null: no casts), not {computeType}.", nameof(computeType));
        }
    }

    /// <summary>The type to cast to: only float32 weights are cast (a model moved to float64 or bfloat16 runs as moved).</summary>
    private static ScalarType? Low(ScalarType? computeType, Tensor weight) =>
        computeType is ScalarType type && weight.dtype == ScalarType.Float32 ? type : null;

    /// <summary>
    /// A convolution's compute type: on the CPU, float32. libtorch 2.10's oneDNN bfloat16 convolution
    /// returns wrong values on some CPUs (AMD EPYC with AVX512-BF16: 8 output channels off by 13.4 in
    /// 28.6, 16 and more right), and mixed precision buys a CPU little; see docs/decisions.md.
    /// </summary>
    private static ScalarType? LowConvolution(ScalarType? computeType, Tensor weight) =>
        weight.device_type == DeviceType.CPU ? null : Low(computeType, weight);
}
