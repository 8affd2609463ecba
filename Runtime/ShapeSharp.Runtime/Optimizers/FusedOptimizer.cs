using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>
/// Base of the fused optimizers: the parameters are flattened (<see cref="FlatParameters"/>) and
/// <see cref="Update"/> runs once per buffer instead of once per parameter. Everything around the
/// update is TorchSharp's contract, so TrainContext, the schedules (through <see cref="torch.optim.Optimizer.ParamGroups"/>)
/// and Checkpoint (through OptimizerHelper's save_state_dict/load_state_dict) work unchanged.
/// </summary>
/// <remarks>
/// Creating one makes the parameters views of its buffers, so create it after moving the model to
/// its device and dtype, and load weights in place (copy_, Checkpoint.Load) rather than replacing
/// parameters. Unlike TorchSharp's optimizers, a parameter that got no gradient in a step is updated
/// as if its gradient were zero (weight decay and momentum still apply).
/// </remarks>
public abstract class FusedOptimizer : OptimizerHelper
{
    private readonly FlatParameters _flat;
    private readonly FusedState[] _states;
    private readonly List<Scalar> _held = new();

    private protected FusedOptimizer(IEnumerable<ParameterGroup> groups, double learningRate, double weightDecay, double[] settings, int stateTensors)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToList();
        _defaults = new FusedOptions(learningRate, weightDecay, settings);
        var options = list.Select(g => new FusedOptions(g.LearningRate ?? learningRate, g.WeightDecay ?? weightDecay, settings)).ToList();
        foreach (var o in options.Prepend((FusedOptions)_defaults))
        {
            Check(o.LearningRate!.Value, "learning rate");
            Check(o.WeightDecay, "weight decay");
        }

        _flat = new FlatParameters(list.Select(g => g.Parameters).ToList());
        _parameter_groups = options.Select((o, i) => new ParamGroup { Parameters = _flat.Group(i), Options = o }).ToList();
        _states = _flat.Buffers
            .Select(b => new FusedState(b.First, Enumerable.Range(0, stateTensors).Select(_ => b.NewState()).ToArray()))
            .ToArray();

        // OptimizerHelper.state_dict() looks every parameter's state up here; see state_dict below.
        foreach (var (parameter, buffer) in _flat.Parameters)
        {
            _state[parameter.Handle] = _states[buffer];
        }
    }

    /// <summary>Optimizer steps taken (restored by Checkpoint.Load).</summary>
    public long StepCount => _states.Length == 0 ? 0 : _states[0].Step;

    public override torch.Tensor step(Func<torch.Tensor>? closure = null)
    {
        torch.Tensor? loss = null;
        if (closure is not null)
        {
            using var enable = torch.enable_grad();
            loss = closure();
        }

        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            _flat.GatherGradients();
            try
            {
                for (var i = 0; i < _states.Length; i++)
                {
                    _states[i].Step++;
                    Update(_flat.Buffers[i], _states[i]);
                }
            }
            finally
            {
                _flat.ReleaseGradients();
                foreach (var scalar in _held)
                {
                    scalar.Dispose();
                }

                _held.Clear();
            }
        }

        return loss!;
    }

    public override void zero_grad() => _flat.ZeroGradients();

    public override IEnumerable<Parameter> parameters() => _parameter_groups.SelectMany(g => g.Parameters);

    public override void add_param_group(ParamGroup param_group) =>
        throw new NotSupportedException("A fused optimizer's buffers are laid out when it is created; pass every group to the constructor.");

    /// <summary>
    /// One options entry per group, one state entry per flat buffer (not per parameter). The base
    /// builds the dictionary (its constructor is internal to TorchSharp) with one entry per parameter
    /// from <c>_state</c>; the per-buffer list replaces those.
    /// </summary>
    public override StateDictionary state_dict()
    {
        var dictionary = base.state_dict();
        dictionary.State.Clear();
        dictionary.State.AddRange(_states);
        return dictionary;
    }

    /// <summary>
    /// <paramref name="value"/> as a Scalar that lives until the step ends. TorchSharp's ops read a
    /// Scalar's handle and call native code without keeping the Scalar alive, so an implicit
    /// double-to-Scalar temporary can be finalized during the call when a collection runs then: seen
    /// in CI as "Unknown scalar type" from TorchSharp's own Adam, and as a fused run's weights off.
    /// </summary>
    private protected Scalar Held(double value)
    {
        var scalar = value.ToScalar();
        _held.Add(scalar);
        return scalar;
    }

    /// <summary>Updates one buffer; <paramref name="state"/>.Step is already the 1-based number of this step.</summary>
    private protected abstract void Update(FlatBuffer buffer, FusedState state);

    private protected double LearningRate(int group) => _parameter_groups[group].LearningRate;

    private protected double WeightDecay(int group) => ((FusedOptions)_parameter_groups[group].Options).WeightDecay;

    /// <summary>
    /// The gradient plus TorchSharp's L2 term (grad + weight_decay * param, per group), in the scratch
    /// buffer so the gradient stays as backward left it; the gradient itself when no group decays.
    /// </summary>
    private protected torch.Tensor GradientWithL2(FlatBuffer buffer)
    {
        var runs = buffer.Runs(WeightDecay).ToList();
        if (runs.All(r => r.Key == 0))
        {
            return buffer.Grad;
        }

        buffer.Scratch.copy_(buffer.Grad);
        foreach (var (offset, length, decay) in runs.Where(r => r.Key != 0))
        {
            buffer.Slice(buffer.Scratch, offset, length).add_(buffer.Slice(buffer.Data, offset, length), alpha: Held(decay));
        }

        return buffer.Scratch;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var state in _states)
            {
                state.Dispose();
            }

            _flat.Dispose();
        }
    }

    private static void Check(double value, string what)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(what, value, $"The {what} must be a finite non-negative number.");
        }
    }
}
