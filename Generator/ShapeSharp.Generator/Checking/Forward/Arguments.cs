using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// A call's evaluated arguments, by the callee's parameter names (the binder resolved them), in
/// the callee's parameter order.
/// </summary>
internal sealed class Arguments
{
    private readonly List<(string? Name, Value Value)> _items;

    public Arguments(List<(string? Name, Value Value)> items) => _items = items;

    public int Count => _items.Count;

    public IReadOnlyList<Value> Positional => _items.Select(i => i.Value).ToList();

    /// <summary>The argument bound to <paramref name="name"/>, else the one at <paramref name="position"/> when names are unknown.</summary>
    public Value? Get(string name, int position = -1)
    {
        foreach (var item in _items)
        {
            if (item.Name == name)
            {
                return item.Value;
            }
        }

        return position >= 0 && position < _items.Count && _items[position].Name is null ? _items[position].Value : null;
    }

    /// <summary>
    /// The argument bound to the first of <paramref name="names"/> that is present: the forms of one
    /// op name the same parameter differently (Tensor.unbind's dimension, torch.unbind's dim).
    /// </summary>
    public Value? Find(params string[] names)
    {
        foreach (var name in names)
        {
            if (Get(name) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    public bool Has(string name) => _items.Any(i => i.Name == name);

    public TensorValue? Tensor(string name, int position = -1) => Get(name, position) as TensorValue;

    /// <summary>An integer argument, or null when absent or not an integer.</summary>
    public Shapes.Dim? Int(string name, int position = -1) => (Get(name, position) as IntValue)?.Dim;

    /// <summary>An integer argument under the first present of several names.</summary>
    public Shapes.Dim? IntOf(params string[] names) => (Find(names) as IntValue)?.Dim;

    /// <summary>A constant integer argument, or null.</summary>
    public long? Constant(string name, int position = -1) => Int(name, position) is { IsConstant: true } d ? d.Constant : null;

    public long ConstantOr(string name, long fallback) => Constant(name) ?? fallback;

    /// <summary>Every argument that is a tensor (the operands a broadcasting op combines).</summary>
    public IEnumerable<TensorValue> Tensors() => _items.Select(i => i.Value).OfType<TensorValue>();

    /// <summary>
    /// Where a static form (torch.relu(x), functional.pad(x, ...)) passes the tensor a method form is
    /// called on: its first argument, past a leading number (torch.polygamma(n, input)). Null when
    /// the call has no such argument.
    /// </summary>
    public int? SelfPosition()
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Value is TensorValue || ReferenceEquals(_items[i].Value, Value.Unknown))
            {
                return i;
            }

            if (_items[i].Value is not (IntValue or ScalarValue or BoolValue))
            {
                return null;
            }
        }

        return null;
    }

    public Arguments Without(int position) => new(_items.Where((_, i) => i != position).ToList());
}
