using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// Inference forward (eval mode, no_grad, through <c>call</c> so hooks run as in user code) of the
/// generated model with its input guard on and off, against the hand-written twin with the same weights.
/// </summary>
internal sealed class ForwardSetup : IDisposable
{
    private readonly ModelCase _case;
    private readonly nn.Module<Tensor, Tensor> _generated;
    private readonly nn.Module<Tensor, Tensor> _hand;
    private readonly Tensor _x;

    /// <param name="device">Where the models and the input live; null or CPU: nothing moves.</param>
    public ForwardSetup(string model, Device? device = null)
    {
        _case = ModelCase.Get(model);
        using var generator = new torch.Generator(1);
        var (x, y) = _case.NewBatch(generator);
        y.Dispose();
        _x = x;
        manual_seed(1);
        _generated = _case.NewGenerated();
        _hand = _case.NewHandWritten();
        Twins.CopyWeights(_generated, _hand);
        if (device is { type: not DeviceType.CPU } target)
        {
            _generated.to(target);
            _hand.to(target);
            _x = x.to(target);
            x.Dispose();
        }

        _generated.eval();
        _hand.eval();
    }

    public void HandWritten() => Forward(_hand);

    public void Generated()
    {
        _case.SetInputGuard(_generated, true);
        Forward(_generated);
    }

    public void GeneratedNoGuard()
    {
        _case.SetInputGuard(_generated, false);
        Forward(_generated);
    }

    public double TwinDifference() => Twins.OutputDifference(_generated, _hand, _x);

    public void Dispose()
    {
        _generated.Dispose();
        _hand.Dispose();
        _x.Dispose();
    }

    private void Forward(nn.Module<Tensor, Tensor> model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.call(_x);
    }
}
