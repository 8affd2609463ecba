using ShapeSharp.Training;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

/// <summary>
/// <see cref="TinyModel"/> with its input guard where a generated composite model has it: in a
/// forward pre-hook, which runs through <c>call</c> only (forward itself has no check).
/// </summary>
internal sealed class GuardedTinyModel : nn.Module<Tensor, Tensor>, ITrainable
{
    private readonly TinyModel _inner;

    public GuardedTinyModel()
        : base(nameof(GuardedTinyModel))
    {
        _inner = new TinyModel();
        RegisterComponents();
        register_forward_pre_hook((_, x) =>
        {
            InputGuard.Check(nameof(GuardedTinyModel), "x", x, new[] { InputGuard.Any, 4L }, "[B, 4]");
            return x;
        });
    }

    public TrainingDefaults Defaults => _inner.Defaults;

    public override Tensor forward(Tensor x) => _inner.forward(x);

    public float TrainStep(TrainContext context, Tensor x, Tensor target) => _inner.TrainStep(context, x, target);
}
