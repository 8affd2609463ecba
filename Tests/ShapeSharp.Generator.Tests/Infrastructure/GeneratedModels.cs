using System;
using System.Linq;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Generator.Tests.Infrastructure;

/// <summary>Builds generated models of a compiled test assembly by name, as their users would, and reads their counts.</summary>
public static class GeneratedModels
{
    /// <summary>new <paramref name="name"/>(sizes...): what the constructor throws is thrown as itself.</summary>
    public static nn.Module<Tensor, Tensor> New(Assembly assembly, string name, params long[] sizes)
    {
        try
        {
            return (nn.Module<Tensor, Tensor>)Activator.CreateInstance(assembly.GetType(name)!, sizes.Cast<object>().ToArray())!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The parameters the module really holds.</summary>
    public static long Counted(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>The model's ParameterCount: a compile-time constant, or the property its constructor sets.</summary>
    public static long Stated(nn.Module module) =>
        (long)(module.GetType().GetProperty("ParameterCount")?.GetValue(module) ?? module.GetType().GetField("ParameterCount")!.GetValue(null)!);
}
