using System;
using System.Linq;
using ShapeSharp.Data;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Where a run's tensors go: the device (<see cref="TrainOptions.Device"/>, resolved) and, for
/// floating-point batches, the model's parameter dtype. The trainer moves the model once and each
/// batch on every step through this.
/// </summary>
/// <remarks>
/// Floating batches follow the model's floating dtype (a float64 or bfloat16 model gets float64 or
/// bfloat16 inputs from a loader that makes float32), as Lightning's precision plugins cast inputs;
/// integer batches (class indices, token ids) are only moved. A tensor already in place is used as
/// it is, so a CPU run with a float32 model does exactly what it did before devices existed.
/// </remarks>
internal sealed class Placement
{
    private Placement(torch.Device device, torch.ScalarType? floating)
    {
        Device = device;
        Floating = floating;
    }

    public torch.Device Device { get; }

    /// <summary>The dtype floating batches are converted to; null when the model has no floating parameter.</summary>
    public torch.ScalarType? Floating { get; }

    public bool IsCpu => Device.type == DeviceType.CPU;

    /// <summary>Asynchronous host-to-device copies: CUDA only (from pinned memory they overlap the queued work).</summary>
    private bool NonBlocking => Device.type == DeviceType.CUDA;

    /// <summary>
    /// Resolves <paramref name="requested"/>, moves <paramref name="model"/> there unless every
    /// parameter and buffer already is, and reads its floating dtype.
    /// </summary>
    /// <param name="optimizer">
    /// An optimizer the caller made before: it holds the parameters, so the model must already be on
    /// the device (moving would give the model new parameter tensors the optimizer never sees).
    /// </param>
    public static Placement Prepare(torch.nn.Module model, torch.Device? requested, torch.optim.Optimizer? optimizer = null)
    {
        var device = TrainingDevice.Resolve(requested);
        if (!IsOn(model, device))
        {
            if (optimizer is not null)
            {
                throw new ArgumentException(
                    $"{model.GetName()}: Fit was given an optimizer, but the model is not on {TrainingDevice.Describe(device)}; " +
                    "move the model first (model.to(device)) and then make the optimizer, or let Fit make it.",
                    nameof(optimizer));
            }

            model.to(device);
        }

        // The parameters' own device (with its index: "cuda" may mean cuda:1 for a model already there),
        // so batches go exactly where the model is.
        device = model.parameters().Select(p => p.device).FirstOrDefault() ?? device;
        var floating = model.parameters().Select(p => p.dtype)
            .Where(t => t is torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Float32 or torch.ScalarType.Float64)
            .Cast<torch.ScalarType?>().FirstOrDefault();
        return new Placement(device, floating);
    }

    /// <summary>The batch on the device; <see cref="Placed.Dispose"/> frees only what this made.</summary>
    public Placed Place(Batch batch) => new(Move(batch.Input), Move(batch.Target), batch);

    /// <summary>A tensor on the device (in the model's floating dtype when floating); the same tensor when already there.</summary>
    public torch.Tensor Move(torch.Tensor tensor)
    {
        var convert = Floating is torch.ScalarType type && tensor.is_floating_point() && tensor.dtype != type;
        if (!convert && Matches(tensor.device, Device))
        {
            return tensor;
        }

        return convert
            ? tensor.to(Floating!.Value, Device, non_blocking: NonBlocking)
            : tensor.to(Device, non_blocking: NonBlocking);
    }

    /// <summary>True when every parameter and buffer of <paramref name="model"/> is on <paramref name="device"/>.</summary>
    public static bool IsOn(torch.nn.Module model, torch.Device device) =>
        model.parameters().All(p => Matches(p.device, device)) && model.buffers().All(b => Matches(b.device, device));

    /// <summary>"cuda" (no index) matches any CUDA device; an index must be equal.</summary>
    private static bool Matches(torch.Device actual, torch.Device wanted) =>
        actual.type == wanted.type && (wanted.index < 0 || actual.index == wanted.index || (actual.index < 0 && wanted.index == 0));

    /// <summary>A batch placed on the device; disposing frees the copies, never the source's tensors.</summary>
    public readonly record struct Placed(torch.Tensor Input, torch.Tensor Target, Batch Source) : IDisposable
    {
        public void Dispose()
        {
            if (!ReferenceEquals(Input, Source.Input))
            {
                Input.Dispose();
            }

            if (!ReferenceEquals(Target, Source.Target))
            {
                Target.Dispose();
            }
        }
    }
}
