using System;

namespace ShapeSharp;

/// <summary>
/// Compile-time mixed precision, PyTorch autocast's policy written into the generated forward:
/// matmul-class layers (Linear, the convolutions) run in <see cref="ComputeType"/> from float32
/// weights cast at each call, layers whose parameters or numerics need float32 (norms, softmax,
/// recurrent layers, attention modules) get their input cast back to float32, and losses run in
/// float32. The parameters stay float32, so the optimizer keeps float32 master weights and
/// checkpoints do not change. Each cast is a line of the generated code.
/// </summary>
/// <remarks>
/// <c>[MixedPrecision(DType.BFloat16)]</c> turns it on by default; <c>[MixedPrecision]</c> alone carries
/// the casts but leaves them off until a model holding this one, <c>model.ComputeType</c> or
/// <c>TrainOptions.Precision</c> turns them on. A model sets the policy of every model it holds, so a
/// sub-model only needs the attribute to carry the casts. Float16 also scales the loss (see
/// <see cref="Training.LossScaler"/>). In a hand-written forward, functional ops run in the dtype of
/// their inputs: a block's output is in the compute type after a matmul-class layer and in float32
/// after a norm.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MixedPrecisionAttribute : Attribute
{
    /// <summary>Carries the casts, off until something turns them on.</summary>
    public MixedPrecisionAttribute()
    {
    }

    /// <summary>Carries the casts and turns them on: <see cref="DType.BFloat16"/> or <see cref="DType.Float16"/>.</summary>
    public MixedPrecisionAttribute(DType computeType) => ComputeType = computeType;

    public DType? ComputeType { get; }
}
