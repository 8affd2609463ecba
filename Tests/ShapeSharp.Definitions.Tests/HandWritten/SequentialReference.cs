using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// What a careful person writes by hand in TorchSharp: an nn.Sequential registered as
/// <c>layers</c>, so its state-dict names (layers.0.weight, ...) are the ones the generated model
/// promises and a state dict moves between the two unchanged.
/// </summary>
internal sealed class SequentialReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public SequentialReference(params nn.Module<Tensor, Tensor>[] modules)
        : base(nameof(SequentialReference))
    {
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.forward(x);
}

/// <summary>A parameterless step written inline (x.permute(...)), as a hand-written model would.</summary>
internal sealed class Lambda : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _body;

    public Lambda(string name, Func<Tensor, Tensor> body)
        : base(name) => _body = body;

    public override Tensor forward(Tensor x) => _body(x);
}
