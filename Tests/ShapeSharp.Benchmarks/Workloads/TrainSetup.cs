using System;
using System.Linq;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// The training steps compared, on one batch and from the same weights: the hand-written TorchSharp
/// step with torch.optim.AdamW; the generated TrainStep with the same AdamW (what the generated code
/// costs); the generated TrainStep with ShapeSharp's FusedAdamW, op by op (bit for bit TorchSharp's
/// numbers) and one-pass (libtorch's kernel, equal to rounding): what it gains. All use AdamW at
/// lr 1e-3, weight decay 0.01, betas (0.9, 0.999), eps 1e-8.
/// </summary>
internal sealed class TrainSetup : IDisposable
{
    private const double LearningRate = 1e-3;
    private const double WeightDecay = 0.01;

    private readonly ModelCase _case;
    private readonly nn.Module<Tensor, Tensor> _hand;
    private readonly optim.Optimizer _handOptimizer;
    private readonly nn.Module<Tensor, Tensor> _generated;
    private readonly TorchSharp.Modules.Parameter[] _generatedParameters;
    private readonly TorchSharp.Modules.Parameter[] _handParameters;
    private readonly TrainContext _generatedContext;
    private readonly nn.Module<Tensor, Tensor> _generatedFused;
    private readonly TrainContext _generatedFusedContext;
    private readonly nn.Module<Tensor, Tensor> _generatedOnePass;
    private readonly TrainContext _generatedOnePassContext;
    private readonly nn.Module<Tensor, Tensor>? _mixed;
    private readonly TorchSharp.Modules.Parameter[] _mixedParameters = Array.Empty<TorchSharp.Modules.Parameter>();
    private readonly TrainContext? _mixedContext;
    private readonly bool _deferReadback;

    /// <param name="device">Where the models and the batch live; they move there before the optimizers are made,
    /// so the fused optimizers' flat buffers are made on it. Null or CPU: nothing moves.</param>
    /// <param name="precision">With a compute type ([MixedPrecision]), also the one-pass step and the floor with the casts on.</param>
    public TrainSetup(string model, int? batch = null, Device? device = null, ScalarType? precision = null)
    {
        _case = ModelCase.Get(model, batch);
        _deferReadback = device is { type: DeviceType.CUDA };
        using var generator = new torch.Generator(1);
        var (x, y) = _case.NewBatch(generator);
        manual_seed(1);
        _generated = _case.NewGenerated();
        _generatedFused = _case.NewGenerated();
        _generatedOnePass = _case.NewGenerated();
        _hand = _case.NewHandWritten();
        Twins.CopyWeights(_generated, _generatedFused);
        Twins.CopyWeights(_generated, _generatedOnePass);
        Twins.CopyWeights(_generated, _hand);
        if (precision is not null)
        {
            _mixed = _case.NewGenerated();
            Twins.CopyWeights(_generated, _mixed);
            ((IMixedPrecision)_mixed).ComputeType = precision;
            PrecisionName = precision == ScalarType.BFloat16 ? "Bf16" : "Fp16";
        }

        if (device is { type: not DeviceType.CPU } target)
        {
            foreach (var m in new[] { _generated, _generatedFused, _generatedOnePass, _hand, _mixed }.OfType<nn.Module<Tensor, Tensor>>())
            {
                m.to(target);
            }

            (X, Y) = (x.to(target), y.to(target));
            x.Dispose();
            y.Dispose();
        }
        else
        {
            (X, Y) = (x, y);
        }

        // Once, after the move (a move replaces the Parameter objects): NoOptimizer's loop is timed.
        _generatedParameters = _generated.parameters().ToArray();
        _handParameters = _hand.parameters().ToArray();

        _generatedContext = Context(_generated, new AdamWAttribute(LearningRate) { WeightDecay = WeightDecay });
        _generatedFusedContext = Context(_generatedFused, new AdamWAttribute(LearningRate) { WeightDecay = WeightDecay, Fused = true });
        _generatedOnePassContext = Context(_generatedOnePass, new AdamWAttribute(LearningRate) { WeightDecay = WeightDecay, OnePass = true });
        _handOptimizer = optim.AdamW(_hand.parameters(), LearningRate, 0.9, 0.999, 1e-8, weight_decay: WeightDecay);
        if (_mixed is not null)
        {
            _mixedParameters = _mixed.parameters().ToArray();
            _mixedContext = Context(_mixed, new AdamWAttribute(LearningRate) { WeightDecay = WeightDecay, OnePass = true });
        }
    }

    /// <summary>The mixed-precision variants' suffix (Bf16, Fp16), or null without them.</summary>
    public string? PrecisionName { get; }

    public string Model => _case.Name;

    public int Batch => _case.Batch;

    public Tensor X { get; }

    public Tensor Y { get; }

    /// <summary>The hand-written step, as a TorchSharp user writes it.</summary>
    public float HandWritten()
    {
        using var scope = NewDisposeScope();
        var output = _hand.forward(X);
        var loss = _case.Loss(output, Y);
        var value = loss.item<float>();
        loss.backward();
        _handOptimizer.step();
        _handOptimizer.zero_grad();
        return value;
    }

    public float Generated() => ((ITrainable)_generated).TrainStep(_generatedContext, X, Y);

    /// <summary>
    /// The same forward, loss and backward with no optimizer at all (gradients dropped, as TorchSharp's
    /// zero_grad does): the floor under any step of this model, whatever its optimizer costs.
    /// </summary>
    public float NoOptimizer() => Floor(_generated, _generatedParameters);

    /// <summary>Reads back the losses the generated steps kept on the device (one synchronisation).</summary>
    public void Drain()
    {
        foreach (var context in new[] { _generatedContext, _generatedFusedContext, _generatedOnePassContext, _mixedContext })
        {
            context?.ReadLosses();
        }
    }

    /// <summary>The one-pass step with the [MixedPrecision] casts on.</summary>
    public float MixedOnePass() => ((ITrainable)_mixed!).TrainStep(_mixedContext!, X, Y);

    /// <summary>The floor with the casts on.</summary>
    public float MixedNoOptimizer() => Floor(_mixed!, _mixedParameters);

    private float Floor(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.Parameter[] parameters)
    {
        using var scope = NewDisposeScope();
        var loss = _case.Loss(Autocast.ForLoss(model.forward(X)), Y);
        loss.backward();
        var value = loss.item<float>();
        foreach (var p in parameters)
        {
            p.grad = null;
        }

        return value;
    }

    /// <summary>
    /// One floor step of the generated model (or the hand-written one) timed in three host phases:
    /// forward and loss queued, backward queued (libtorch's autograd engine, the same nodes on either
    /// side), and the wait for the device at the loss read; ms each.
    /// </summary>
    public (double Forward, double Backward, double Wait) FloorPhases(bool handWritten)
    {
        var (model, parameters) = handWritten ? (_hand, _handParameters) : (_generated, _generatedParameters);
        using var scope = NewDisposeScope();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loss = _case.Loss(Autocast.ForLoss(model.forward(X)), Y);
        var forward = clock.Elapsed.TotalMilliseconds;
        loss.backward();
        var backward = clock.Elapsed.TotalMilliseconds;
        loss.item<float>();
        var wait = clock.Elapsed.TotalMilliseconds;
        foreach (var p in parameters)
        {
            p.grad = null;
        }

        return (forward, backward - forward, wait - backward);
    }

    public float GeneratedFused() => ((ITrainable)_generatedFused).TrainStep(_generatedFusedContext, X, Y);

    public float GeneratedOnePass() => ((ITrainable)_generatedOnePass).TrainStep(_generatedOnePassContext, X, Y);

    /// <summary>Every step compared, by name, hand-written first (the alternated mode's ratios are to it).</summary>
    public (string Name, Func<float> Step)[] Steps()
    {
        var steps = new (string, Func<float>)[]
        {
            (nameof(HandWritten), HandWritten),
            (nameof(Generated), Generated),
            (nameof(GeneratedFused), GeneratedFused),
            (nameof(GeneratedOnePass), GeneratedOnePass),
            (nameof(NoOptimizer), NoOptimizer),
        };
        return PrecisionName is null
            ? steps
            : steps.Concat(new (string, Func<float>)[] { ("GeneratedOnePass" + PrecisionName, MixedOnePass), ("NoOptimizer" + PrecisionName, MixedNoOptimizer) }).ToArray();
    }

    /// <summary>Takes `--precision bf16|fp16` out of a mode's arguments: the compute type, or null when absent, and the other arguments.</summary>
    public static (ScalarType? Precision, string[] Others) TakePrecision(string[] args)
    {
        var at = Array.IndexOf(args, "--precision");
        if (at < 0)
        {
            return (null, args);
        }

        var precision = at + 1 < args.Length ? args[at + 1].ToLowerInvariant() switch
        {
            "bf16" => ScalarType.BFloat16,
            "fp16" => ScalarType.Float16,
            var other => throw new ArgumentException($"--precision {other}: expected bf16 or fp16."),
        } : throw new ArgumentException("--precision needs a value: bf16 or fp16.");
        return (precision, args[..at].Concat(args[(at + 2)..]).ToArray());
    }

    /// <summary>Takes `--batch N` out of a mode's arguments: N, or null when absent, and the other arguments.</summary>
    public static (int? Batch, string[] Others) TakeBatch(string[] args)
    {
        var at = Array.IndexOf(args, "--batch");
        return at < 0
            ? (null, args)
            : (int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture), args[..at].Concat(args[(at + 2)..]).ToArray());
    }

    /// <summary>Generated against hand-written outputs from the same weights (eval mode); 0 up to float rounding.</summary>
    public double TwinDifference() => Twins.OutputDifference(_generated, _hand, X);

    public void Dispose()
    {
        _handOptimizer.Dispose();
        _generatedContext.Optimizer.Dispose();
        _generatedFusedContext.Optimizer.Dispose();
        _generatedOnePassContext.Optimizer.Dispose();
        _mixedContext?.Optimizer.Dispose();
        _mixed?.Dispose();
        _hand.Dispose();
        _generated.Dispose();
        _generatedFused.Dispose();
        _generatedOnePass.Dispose();
        X.Dispose();
        Y.Dispose();
    }

    /// <summary>The generated model's optimizer as its generated CreateOptimizer makes it (the declared defaults
    /// with TrainOptions over them).</summary>
    private TrainContext Context(nn.Module<Tensor, Tensor> model, AdamWAttribute adamW)
    {
        var options = new TrainOptions { Optimizer = adamW };
        var optimizer = ((ITrainable)model).Defaults.CreateOptimizer(model, options);
        // On a GPU the generated steps run as Trainer runs them there: the loss stays on the device
        // (read back by Drain, inside the timed call), so nothing waits for the forward mid-step.
        return new TrainContext(model, optimizer, _case.Loss) { DeferReadback = _deferReadback };
    }
}
