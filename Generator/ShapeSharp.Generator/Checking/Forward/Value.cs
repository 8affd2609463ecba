using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>What the abstract interpreter knows about a value: a shape, a size, a tuple, or nothing.</summary>
internal abstract class Value
{
    public static readonly Value Unknown = new UnknownValue();

    /// <summary>The common knowledge of two values that may each be the one seen at run time.</summary>
    public static Value Join(Value a, Value b)
    {
        switch (a, b)
        {
            case (TensorValue x, TensorValue y):
                if (x.Shape is null || y.Shape is null || x.Shape.Rank != y.Shape.Rank)
                {
                    return TensorValue.AnyShape;
                }

                return new TensorValue(new Shape(x.Shape.Dims.Zip(y.Shape.Dims, (p, q) => p.Equals(q) ? p : Dim.Unknown)));
            case (IntValue x, IntValue y):
                return x.Dim.Equals(y.Dim) ? x : new IntValue(Dim.Unknown);
            case (TupleValue x, TupleValue y) when x.Items.Count == y.Items.Count:
                return new TupleValue(x.Items.Zip(y.Items, Join).ToList());
            case (ScalarValue x, ScalarValue y):
                return x.Equals(y) ? x : ScalarValue.Instance;
            case (ListValue x, ListValue y):
                return new ListValue(x.Element is null ? y.Element : y.Element is null ? x.Element : Join(x.Element, y.Element));
            default:
                return ReferenceEquals(a, b) || a.Equals(b) ? a : Unknown;
        }
    }

    private sealed class UnknownValue : Value
    {
        public override string ToString() => "?";
    }
}

internal sealed class TensorValue : Value
{
    public static readonly TensorValue AnyShape = new(null);

    public TensorValue(Shape? shape, Origin? origin = null)
    {
        Shape = shape;
        Origin = origin;
    }

    /// <summary>Null when even the rank is unknown.</summary>
    public Shape? Shape { get; }

    /// <summary>The layer or op that made this tensor, when that matters to what follows (a loss, a Linear); any other op forgets it.</summary>
    public Origin? Origin { get; }

    public override string ToString() => Shape?.ToString() ?? "[...]";
}

/// <summary>An integer: a size read from a shape, a constant, or arithmetic over them.</summary>
internal sealed class IntValue : Value
{
    public IntValue(Dim dim) => Dim = dim;

    public Dim Dim { get; }

    public override bool Equals(object? obj) => obj is IntValue other && other.Dim.Equals(Dim);

    public override int GetHashCode() => Dim.GetHashCode();

    public override string ToString() => Dim.ToString();
}

internal sealed class TextValue : Value
{
    public TextValue(string text) => Text = text;

    public string Text { get; }
}

/// <summary>A real number: a shape reads it only as interpolate's scale factor.</summary>
internal sealed class ScalarValue : Value
{
    public static readonly ScalarValue Instance = new(null);

    public ScalarValue(double? real) => Real = real;

    /// <summary>The constant value, or null when it is not a compile-time constant.</summary>
    public double? Real { get; }

    public override bool Equals(object? obj) => obj is ScalarValue other && other.Real == Real;

    public override int GetHashCode() => Real.GetHashCode();
}

internal sealed class BoolValue : Value
{
    public static readonly BoolValue True = new(true);
    public static readonly BoolValue False = new(false);

    private BoolValue(bool value) => Value = value;

    public bool Value { get; }
}

/// <summary>A tuple, an array (chunk's pieces, x.shape) or a collection literal.</summary>
internal sealed class TupleValue : Value
{
    public TupleValue(IReadOnlyList<Value> items) => Items = items;

    public IReadOnlyList<Value> Items { get; }

    public override string ToString() => "(" + string.Join(", ", Items) + ")";
}

/// <summary>
/// A List&lt;Tensor&gt; that forward fills with Add (a decoder's steps): what its elements have in
/// common, and not how many there are. Element is null while nothing was added.
/// </summary>
internal sealed class ListValue : Value
{
    public ListValue(Value? element) => Element = element;

    public Value? Element { get; }

    public ListValue Add(Value item) => new(Element is null ? item : Join(Element, item));

    public override string ToString() => "List<" + (Element?.ToString() ?? "empty") + ">";
}

/// <summary>One index of x[...]: a slice, .., ^n, TensorIndex.Ellipsis/None, or a tensor.</summary>
internal sealed class IndexValue : Value
{
    public static readonly IndexValue Ellipsis = new(IndexKind.Ellipsis, null, null);
    public static readonly IndexValue NewAxis = new(IndexKind.NewAxis, null, null);

    public IndexValue(IndexKind kind, Value? start, Value? end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public IndexKind Kind { get; }

    public Value? Start { get; }

    public Value? End { get; }
}

internal enum IndexKind
{
    Slice,
    Ellipsis,
    NewAxis,
    FromEnd,
    Opaque,
}

/// <summary>What made a tensor: a layer kind (the last of a block) or an op, and where the user wrote it.</summary>
/// <param name="SpatialKind">The conv or pool it comes from through shape-keeping layers, for SS0012 at a Linear that follows.</param>
internal sealed record Origin(string Kind, Model.LocationInfo Location, string? SpatialKind = null);
