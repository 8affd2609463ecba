using System;
using TorchSharp;

namespace ShapeSharp.Modules;

/// <summary>
/// n independent copies of a model applied in turn: the generated code for [Layer&lt;T&gt;(Repeat = n)].
/// The copies are registered as "0", "1", ... so state-dict names match an nn.ModuleList.
/// </summary>
public sealed class Repeated<T> : torch.nn.Module<torch.Tensor, torch.Tensor>
    where T : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly T[] _copies;

    public Repeated(int count, Func<T> create)
        : base(nameof(Repeated<T>))
    {
        _copies = new T[count];
        for (var i = 0; i < count; i++)
        {
            _copies[i] = create();
            register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _copies[i]);
        }
    }

    public int Count => _copies.Length;

    public T this[int index] => _copies[index];

    public override torch.Tensor forward(torch.Tensor input)
    {
        var x = input;
        foreach (var copy in _copies)
        {
            x = copy.forward(x);
        }

        return x;
    }
}
