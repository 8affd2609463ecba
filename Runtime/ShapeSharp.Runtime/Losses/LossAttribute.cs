using System;
using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Base of the loss attributes. An attribute is both the DSL word on a model class and the
/// run-time configuration object: the generator copies the user's arguments into a
/// <c>new XxxLossAttribute { ... }</c> expression, and the trainer calls <see cref="Create"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class LossAttribute : Attribute
{
    /// <summary>
    /// Builds the loss function <c>(output, target) =&gt; scalar loss</c>, reduced by mean.
    /// The function allocates its constants (class weights) per call on the output's device,
    /// so it holds no native memory and is safe to call inside any dispose scope.
    /// </summary>
    public abstract Func<torch.Tensor, torch.Tensor, torch.Tensor> Create();
}
