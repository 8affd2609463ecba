using System;
using System.Collections.Generic;
using TorchSharp.Modules;

namespace ShapeSharp.Optimizers;

/// <summary>The fused optimizers' constructors taking plain parameters: one group, or a decay / no-decay pair.</summary>
internal static class Groups
{
    public static IReadOnlyList<ParameterGroup> Of(IEnumerable<Parameter> parameters, Func<Parameter, bool>? noDecay) =>
        noDecay is null ? new[] { new ParameterGroup(parameters) } : ParameterGroup.SplitDecay(parameters, noDecay);
}
