using TorchSharp;

namespace ShapeSharp;

/// <summary>A generated model with <see cref="MixedPrecisionAttribute"/>: its forward carries the casts.</summary>
public interface IMixedPrecision
{
    /// <summary>The low precision the matmul-class layers run in, or null: everything in the parameters' dtype.</summary>
    torch.ScalarType? ComputeType { get; set; }

    /// <summary>Sets this model's own policy only; <see cref="Autocast.Apply(TorchSharp.torch.nn.Module, TorchSharp.torch.ScalarType?)"/> sets it on a model and everything it holds.</summary>
    void SetOwnComputeType(torch.ScalarType? computeType);
}
