using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>Parameters told apart by the memory they hold, so a tied weight counts once.</summary>
internal static class Parameters
{
    /// <summary>
    /// The module's parameters, one per distinct tensor. Identity is the storage's address: a tied
    /// weight reaches parameters() as two Parameter objects with two native handles (TorchSharp
    /// 0.107's setter wraps it anew) but one storage; two different parameters never share one.
    /// </summary>
    public static IReadOnlyList<Parameter> Distinct(torch.nn.Module module) =>
        module.parameters().DistinctBy(StorageAddress).ToList();

    /// <summary>Elements over the distinct parameters: the model's real size.</summary>
    public static long DistinctCount(torch.nn.Module module) => Distinct(module).Sum(p => p.numel());

    /// <summary>
    /// Where the tensor's data lives. TorchSharp keeps Storage.data_ptr protected, so this asks the
    /// native library it already loaded (the same export its Storage class calls).
    /// </summary>
    public static IntPtr StorageAddress(torch.Tensor tensor) => StorageDataPointer(tensor.Handle);

    [DllImport("LibTorchSharp", EntryPoint = "THSStorage_data_ptr")]
    private static extern IntPtr StorageDataPointer(IntPtr tensor);
}
