using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace ShapeSharp.Generator.Shapes;

/// <summary>
/// A tensor shape of known rank; each dim may still be symbolic or unknown. A dim may carry a note
/// saying how it was computed ("8 * 14 * 14"), shown where a later layer consumes it.
/// </summary>
internal sealed class Shape
{
    private readonly ImmutableArray<string?> _notes;

    public Shape(IEnumerable<Dim> dims)
    {
        Dims = dims.ToImmutableArray();
        _notes = Enumerable.Repeat<string?>(null, Dims.Length).ToImmutableArray();
    }

    private Shape(ImmutableArray<Dim> dims, ImmutableArray<string?> notes)
    {
        Dims = dims;
        _notes = notes;
    }

    public ImmutableArray<Dim> Dims { get; }

    public int Rank => Dims.Length;

    public Dim this[int index] => Dims[index];

    /// <summary>The dim at <paramref name="index"/>, counting from the end when negative (PyTorch style).</summary>
    public Dim At(int index) => Dims[Normalize(index)];

    public string? NoteAt(int index) => _notes[Normalize(index)];

    public Shape With(int index, Dim dim, string? note = null) =>
        new(Dims.SetItem(Normalize(index), dim), _notes.SetItem(Normalize(index), note));

    /// <summary>Provably not the same shape: another rank, or a dim that provably differs (an unknown dim never does).</summary>
    public static bool ProvablyDifferent(Shape a, Shape b) =>
        a.Rank != b.Rank || a.Dims.Zip(b.Dims, Dim.ProvablyDifferent).Any(different => different);

    /// <summary>"[B, T, 64]"; a dim read at run time shows as ?, as in the user's own shapes.</summary>
    public override string ToString() => "[" + string.Join(", ", Dims.Select(d => RuntimeDims.Any(d) ? "?" : d.ToString())) + "]";

    private int Normalize(int index) => index < 0 ? Rank + index : index;
}
