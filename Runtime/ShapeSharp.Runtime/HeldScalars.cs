using TorchSharp;

namespace ShapeSharp;

/// <summary>
/// Scalars the runtime's per-step ops share, made once and held for the process (never disposed).
/// TorchSharp 0.107's ops read a Scalar's handle and call native code without keeping the Scalar
/// alive, and Scalar frees its native value in a finalizer, so the temporary an implicit
/// <c>number -> Scalar</c> conversion makes (<c>x.mul(0.5)</c>, <c>x.pow(2)</c>, <c>x.ge(0)</c>) can
/// be freed by a collection while the call still reads it (docs/decisions.md). Some TorchSharp
/// overloads make such a temporary themselves: <c>add(Tensor)</c> and <c>add(Scalar)</c> (alpha 1),
/// <c>square()</c> (<c>pow(2)</c>), <c>arange(stop)</c> (start 0, step 1) and every operator with a
/// number operand (<c>1 - x</c>, <c>x * 0.5</c>). The runtime calls the overloads that take every
/// Scalar explicitly, with these or with Scalars it holds across the call itself.
/// </summary>
/// <remarks>Each has the type its literal converts to (<c>0</c>, <c>1</c>, <c>2</c> int; <c>0.5</c> double), as before.</remarks>
internal static class HeldScalars
{
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>Also the alpha TorchSharp's <c>add(Tensor)</c> and <c>add(Scalar)</c> pass.</summary>
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar Two = 2.ToScalar();

    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary><c>left - right</c> as TorchSharp's number-minus-tensor operator computes it (<c>right.negative().add(left)</c>), with both Scalars held.</summary>
    public static torch.Tensor Minus(Scalar left, torch.Tensor right) => right.negative().add(left, One);
}
