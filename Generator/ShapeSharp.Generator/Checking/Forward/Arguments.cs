using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>A call's evaluated arguments, by the callee's parameter names (the binder resolved them).</summary>
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

    public bool Has(string name) => _items.Any(i => i.Name == name);

    public TensorValue? Tensor(string name, int position = -1) => Get(name, position) as TensorValue;

    /// <summary>An integer argument, or null when absent or not an integer.</summary>
    public Shapes.Dim? Int(string name, int position = -1) => (Get(name, position) as IntValue)?.Dim;

    /// <summary>A constant integer argument, or null.</summary>
    public long? Constant(string name, int position = -1) => Int(name, position) is { IsConstant: true } d ? d.Constant : null;

    public long ConstantOr(string name, long fallback) => Constant(name) ?? fallback;
}
