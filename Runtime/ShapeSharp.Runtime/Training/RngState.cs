using System;

namespace ShapeSharp.Training;

/// <summary>
/// Checks a saved CPU generator state in managed code. libtorch's <c>CPUGeneratorImpl::set_state</c>
/// rejects an invalid state with a C++ exception that TorchSharp does not translate, so the process
/// aborts ("Invalid mt19937 state"); a checkpoint's state must be known valid before it gets there.
/// </summary>
/// <remarks>
/// The layout is libtorch's <c>CPUGeneratorImplState</c> (5056 bytes): uint64 initial seed at 0,
/// int32 <c>left</c> at 8, int32 <c>seeded</c> at 12, uint64 <c>next</c> at 16, then 624 uint64 words.
/// The engine is valid when seeded, 1 &lt;= left &lt;= 624 and (uint32)next &lt;= 624.
/// </remarks>
internal static class RngState
{
    public const int Size = 5056;
    private const int StateWords = 624;

    /// <summary>What is wrong with <paramref name="state"/>, or null when libtorch will accept it.</summary>
    public static string? Problem(byte[] state)
    {
        if (state.Length != Size)
        {
            return $"an RNG state of {state.Length} bytes; torch's CPU generator state is {Size}";
        }

        var left = BitConverter.ToInt32(state, 8);
        var seeded = BitConverter.ToInt32(state, 12);
        var next = (uint)BitConverter.ToUInt64(state, 16);
        return seeded != 0 && left is > 0 and <= StateWords && next <= StateWords
            ? null
            : $"an RNG state torch would reject (left {left}, seeded {seeded}, next {next})";
    }
}
