using System;
using System.Collections.Generic;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// SGD with momentum, dampening, Nesterov and L2 weight decay over flat buffers; term for term
/// torch.optim.SGD's step (the first step copies the gradient into the momentum buffer, as it does).
/// </summary>
public sealed class FusedSgd : FusedOptimizer
{
    /// <param name="noDecay">Parameters to exclude from weight decay; null decays all, as TorchSharp does.</param>
    public FusedSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, Func<Parameter, bool>? noDecay = null)
        : this(Groups.Of(parameters, noDecay), lr, momentum, dampening, weightDecay, nesterov)
    {
    }

    public FusedSgd(IEnumerable<ParameterGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, lr, weightDecay, Settings(momentum, dampening, nesterov), momentum != 0 ? 1 : 0)
    {
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    public double Momentum { get; }

    public double Dampening { get; }

    public bool Nesterov { get; }

    /// <summary>Checked before the base constructor flattens anything, so a bad argument changes nothing.</summary>
    private static double[] Settings(double momentum, double dampening, bool nesterov)
    {
        if (!(momentum >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be non-negative.");
        }

        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs Momentum > 0 and Dampening = 0 (as in PyTorch).", nameof(nesterov));
        }

        return new[] { momentum, dampening, nesterov ? 1 : 0 };
    }

    private protected override void Update(FlatBuffer buffer, FusedState state)
    {
        var direction = GradientWithL2(buffer);
        if (Momentum != 0)
        {
            var momentum = state.Tensors[0];
            if (state.Step == 1)
            {
                momentum.copy_(direction);
            }
            else
            {
                momentum.mul_(Held(Momentum)).add_(direction, alpha: Held(1 - Dampening));
            }

            if (Nesterov)
            {
                // grad + momentum * buffer, in the scratch buffer (it may already hold grad + L2).
                if (!ReferenceEquals(direction, buffer.Scratch))
                {
                    buffer.Scratch.copy_(direction);
                }

                direction = buffer.Scratch;
                direction.add_(momentum, alpha: Held(Momentum));
            }
            else
            {
                direction = momentum;
            }
        }

        foreach (var (offset, length, lr) in buffer.Runs(LearningRate))
        {
            buffer.Slice(buffer.Data, offset, length).add_(buffer.Slice(direction, offset, length), alpha: Held(-lr));
        }
    }
}
