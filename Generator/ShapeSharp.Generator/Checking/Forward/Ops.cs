using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// The shape rules the catalogue (<see cref="OpCatalog"/>) refers to, and what they share. A rule
/// that cannot tell returns an unknown shape; it fails (SS0020) only when the shapes are wrong for
/// every value of their symbols. Every error names the op and the shapes.
/// </summary>
internal static partial class Ops
{
    /// <summary>+, -, *, / on tensors (broadcasting) and on sizes (dim arithmetic).</summary>
    public static Value Binary(Interpreter run, string op, Value left, Value right, LocationInfo at)
    {
        switch (left, right)
        {
            case (TensorValue a, TensorValue b):
                return Broadcast(run, op, a, b, at);
            case (TensorValue a, _):
                return a;
            case (_, TensorValue b):
                return b;
            case (IntValue a, IntValue b):
                return op switch
                {
                    "+" => new IntValue(a.Dim + b.Dim),
                    "-" => new IntValue(a.Dim - b.Dim),
                    "*" => new IntValue(a.Dim * b.Dim),
                    "/" when b.Dim is { IsConstant: true, Constant: > 0 } => new IntValue(a.Dim.FloorDiv(b.Dim.Constant)),
                    "/" => new IntValue(a.Dim.DivideExact(b.Dim)),
                    _ => Value.Unknown,
                };
            default:
                return Value.Unknown;
        }
    }

    /// <summary>A dim argument normalized to [0, rank); SS0020 when it is provably out of range.</summary>
    internal static int? Axis(Interpreter run, string op, Shape? shape, Dim? dim, LocationInfo at, int extra = 0)
    {
        if (shape is null || dim is not { IsConstant: true })
        {
            return null;
        }

        // PyTorch reads a scalar as having one dim for this check (x.sum().softmax(0) is valid).
        var rank = System.Math.Max(shape.Rank + extra, 1);
        var value = dim.Constant;
        if (value < -rank || value >= rank)
        {
            run.Fail(at, op, $"dim {value} is out of range for {shape} (rank {shape.Rank})");
            return null;
        }

        return shape.Rank + extra == 0 ? null : (int)(value < 0 ? value + rank : value);
    }

    private static TensorValue Broadcast(Interpreter run, string op, TensorValue a, TensorValue b, LocationInfo at)
    {
        if (a.Shape is null || b.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        if (BroadcastConflict(a.Shape, b.Shape) is { } conflict)
        {
            run.Fail(at, Name(op), $"{a} and {b} do not broadcast: dim {-conflict} is {Trailing(a.Shape, conflict)} in one and {Trailing(b.Shape, conflict)} in the other");
            return TensorValue.AnyShape;
        }

        var rank = System.Math.Max(a.Shape.Rank, b.Shape.Rank);
        var dims = new Dim[rank];
        for (var i = 1; i <= rank; i++)
        {
            var x = Trailing(a.Shape, i);
            var y = Trailing(b.Shape, i);
            dims[rank - i] = x.Equals(y) || y is { IsConstant: true, Constant: 1 } ? x
                : x is { IsConstant: true, Constant: 1 } ? y
                : !x.MaybeOne ? x : !y.MaybeOne ? y : Dim.Unknown;
        }

        return new TensorValue(new Shape(dims));
    }

    /// <summary>
    /// The dim, counted from the end (1 is the last), where two shapes provably do not broadcast, or
    /// null; callers that broadcast parts of shapes (attention's batch dims) name the whole shapes.
    /// </summary>
    private static int? BroadcastConflict(Shape a, Shape b)
    {
        for (var i = 1; i <= System.Math.Max(a.Rank, b.Rank); i++)
        {
            var x = Trailing(a, i);
            var y = Trailing(b, i);
            if (!x.Equals(y) && ProvablyDifferent(x, y) && !x.MaybeOne && !y.MaybeOne)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The i-th dim from the end, 1 where the shape has fewer dims (as broadcasting pads it).</summary>
    private static Dim Trailing(Shape shape, int i) => i <= shape.Rank ? shape.At(-i) : Dim.Of(1);

    /// <summary>The broadcast shape of the call's tensor and every tensor argument.</summary>
    private static TensorValue BroadcastAll(OpCall c) =>
        c.Args.Tensors().Aggregate(c.Self, (shape, other) => Broadcast(c.Run, c.Op, shape, other, c.At));

    private static void BroadcastInto(Interpreter run, string op, TensorValue small, TensorValue target, string what, LocationInfo at)
    {
        if (small.Shape is null || target.Shape is null)
        {
            return;
        }

        if (small.Shape.Rank > target.Shape.Rank)
        {
            run.Fail(at, op, $"{what} {small} has more dims than the tensor {target}");
            return;
        }

        for (var i = 1; i <= small.Shape.Rank; i++)
        {
            var x = small.Shape.At(-i);
            var y = target.Shape.At(-i);
            if (ProvablyDifferent(x, y) && !x.MaybeOne)
            {
                run.Fail(at, op, $"{what} {small} does not broadcast to {target}: dim {-i} is {x}, expected {y} or 1");
                return;
            }
        }
    }

    private static string Name(string op) => op switch
    {
        "+" => "+ (add)",
        "-" => "- (sub)",
        "*" => "* (mul)",
        "/" => "/ (div)",
        _ => op,
    };

    /// <summary>A size list argument (an array, a tuple or one integer); null entries where a size is not an integer.</summary>
    private static List<Dim?>? Sizes(Value? value)
    {
        switch (value)
        {
            case TupleValue tuple:
                return tuple.Items.Select(i => i is IntValue n ? n.Dim : (Dim?)null).ToList();
            case IntValue single:
                return new List<Dim?> { single.Dim };
            default:
                return null;
        }
    }

    /// <summary>Constant sizes only (kernel sizes, pad lists), else null.</summary>
    private static List<long>? Constants(Value? value)
    {
        var sizes = Sizes(value);
        return sizes is null || sizes.Any(s => s is not { IsConstant: true }) ? null : sizes.Select(s => s!.Constant).ToList();
    }

    private static TensorValue Of(params Dim[] dims) => new(new Shape(dims));

    private static TensorValue Of(IEnumerable<Dim> dims) => new(new Shape(dims));

    /// <summary>The same rank with every dim unknown: what an op keeps when it cannot tell the sizes.</summary>
    private static TensorValue SameRank(TensorValue self) =>
        self.Shape is null ? TensorValue.AnyShape : Of(self.Shape.Dims.Select(_ => Dim.Unknown));

    private static bool ProvablyDifferent(Dim a, Dim b) => Dim.ProvablyDifferent(a, b);

    private static Dim Product(IEnumerable<Dim> dims) => dims.Aggregate(Dim.Of(1), (p, d) => p * d);
}
