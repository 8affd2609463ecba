using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Creation: ones, zeros, randn, full, arange, eye, linspace, the *_like and new_* forms.</summary>
internal static partial class Ops
{
    public static Value Creation(OpCall c) => Creation(c.Args);

    public static Value Arange(OpCall c) => Arange(c.Args);

    /// <summary>eye(n, m): [n, m], m defaulting to n.</summary>
    public static Value Eye(OpCall c)
    {
        var rows = c.Args.IntOf("rows", "n") ?? Dim.Unknown;
        var columns = c.DimArg(-1, "columns", "m") ?? Dim.Unknown;
        return Of(rows, columns is { IsConstant: true, Constant: -1 } ? rows : columns);
    }

    /// <summary>linspace, logspace: steps elements.</summary>
    public static Value Steps(OpCall c) => Of(c.Args.Int("steps") ?? Dim.Unknown);

    private static TensorValue Creation(Arguments args)
    {
        if ((args.Get("size") ?? args.Get("sizes")) is { } size)
        {
            var sizes = Sizes(size);
            return sizes is null ? TensorValue.AnyShape : new TensorValue(new Shape(sizes.Select(s => s ?? Dim.Unknown)));
        }

        var named = new[] { "dim0", "dim1", "dim2", "dim3" }.Select(n => args.Get(n)).TakeWhile(v => v is not null).ToList();
        if (named.Count == 0)
        {
            named = new[] { "rows", "columns" }.Select(n => args.Get(n)).TakeWhile(v => v is not null).ToList();
        }

        return named.Count == 0 ? TensorValue.AnyShape : new TensorValue(new Shape(named.Select(v => (v as IntValue)?.Dim ?? Dim.Unknown)));
    }

    private static TensorValue Arange(Arguments args)
    {
        var stop = args.Int("stop");
        var start = args.Int("start");
        if (args.Has("step") || stop is null || args.Has("start") && start is null)
        {
            return Of(Dim.Unknown);
        }

        var length = start is null ? stop : stop - start;
        return Of(length is { IsConstant: true, Constant: < 0 } ? Dim.Unknown : length);
    }
}
