using System.Collections.Generic;
using System.Globalization;

namespace ShapeSharp.Generator.Layers;

/// <summary>Builds a factory argument list, leaving out values equal to TorchSharp's defaults.</summary>
internal sealed class Arguments
{
    private readonly List<string> _items = new();

    public Arguments Add(string code)
    {
        _items.Add(code);
        return this;
    }

    public Arguments Named(string name, long value, long defaultValue)
    {
        if (value != defaultValue)
        {
            _items.Add(name + ": " + value.ToString(CultureInfo.InvariantCulture));
        }

        return this;
    }

    public Arguments Named(string name, double value, double defaultValue)
    {
        if (!value.Equals(defaultValue))
        {
            _items.Add(name + ": " + Checking.LayerContext.Literal(value));
        }

        return this;
    }

    public Arguments Named(string name, bool value, bool defaultValue)
    {
        if (value != defaultValue)
        {
            _items.Add(name + ": " + Checking.LayerContext.Literal(value));
        }

        return this;
    }

    public override string ToString() => string.Join(", ", _items);
}
