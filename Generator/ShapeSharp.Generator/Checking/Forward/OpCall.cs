using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// One call of a catalogue op, whatever form it was written in: x.op(...), torch.op(x, ...),
/// functional.op(x, ...) or op(x, ...) through using static all arrive here with the same
/// <see cref="Self"/> and the remaining arguments.
/// </summary>
internal sealed class OpCall
{
    public OpCall(Interpreter run, string op, TensorValue self, Arguments args, LocationInfo at)
    {
        Run = run;
        Op = op;
        Self = self;
        Args = args;
        At = at;
    }

    public Interpreter Run { get; }

    /// <summary>The name the op is reported under (as written, without functional.).</summary>
    public string Op { get; }

    /// <summary>The tensor the op works on; <see cref="TensorValue.AnyShape"/> for ops without one (cat, zeros).</summary>
    public TensorValue Self { get; }

    public Shape? Shape => Self.Shape;

    public Arguments Args { get; }

    public LocationInfo At { get; }

    /// <summary>SS0020 at the call, naming the op.</summary>
    public void Fail(string detail) => Run.Fail(At, Op, detail);

    /// <summary>
    /// An integer argument under the first present of <paramref name="names"/>: <paramref name="fallback"/>
    /// (the parameter's default) when the call leaves it out, null when it is there but not an
    /// integer the checker knows, so a rule never reads an unknown dim as its default.
    /// </summary>
    public Dim? DimArg(long fallback, params string[] names) => Args.Find(names) switch
    {
        null => Dim.Of(fallback),
        IntValue given => given.Dim,
        _ => null,
    };

    /// <summary>A dim argument normalized to [0, rank); SS0020 when it is provably out of range.</summary>
    public int? Axis(Dim? dim, int extra = 0) => Ops.Axis(Run, Op, Shape, dim, At, extra);
}
